// The block roles' colours come from the engine's palette (generated into
// ./bindings/vocabulary.ts), so the app and the reports colour a role alike. They are set
// as CSS custom properties (--relational, --transactional, --control, --other) that follow
// the light and dark themes through light-dark().
import { roleColours } from './bindings/vocabulary';

export function roleColourProperties(): [string, string][] {
  return Object.entries(roleColours).map(([role, c]) => [`--${role}`, `light-dark(${c.light}, ${c.dark})`]);
}

export function applyRoleColours(root: HTMLElement) {
  for (const [name, value] of roleColourProperties()) root.style.setProperty(name, value);
}
