import { expect, it } from 'vitest';
import { decimal, pValue, percent, quotedName, termLabel } from './format';

it('formats numbers for display', () => {
  expect(decimal(-0.98378)).toBe('−0.984');
  expect(decimal(-0.0001)).toBe('0.000');
  expect(decimal(null)).toBe('–');
  expect(percent(0.576)).toBe('58%');
  expect(pValue(2e-9)).toBe('< 0.001');
  expect(pValue(0.1189)).toBe('0.119');
});

it('reads terms and findings', () => {
  expect(termLabel('age_band[T.16-24]')).toBe('age_band: 16-24');
  expect(termLabel('kind')).toBe('kind');
  expect(quotedName('the strongest association is with "listened": a one-point')).toBe('listened');
});
