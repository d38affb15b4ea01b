import { describe, expect, it } from 'vitest';
import { applyRoleColours, roleColourProperties } from './palette';

describe('role colours', () => {
  it('sets one light-dark property per block role, from the engine palette', () => {
    const props = Object.fromEntries(roleColourProperties());
    expect(Object.keys(props).sort()).toEqual(['--control', '--other', '--relational', '--transactional']);
    // The report's charts use the light value: the orange of service performance.
    expect(props['--transactional']).toBe('light-dark(#C75000, #E69F00)');
  });

  it('applies them to the root element', () => {
    const set: Record<string, string> = {};
    const root = { style: { setProperty: (k: string, v: string) => (set[k] = v) } } as unknown as HTMLElement;
    applyRoleColours(root);
    expect(set['--relational']).toBe('light-dark(#0072B2, #56B4E9)');
  });
});
