import { expect, it } from 'vitest';
import { decimal, decimalsFor, pValue, percent, quotedName, termLabel } from './format';

it('shows small effects to two significant figures', () => {
  // days_waited in the sample: SE 0.0011 per day needs 4 decimals, not 0.000.
  expect(decimalsFor(3, 0.001091)).toBe(4);
  expect(decimal(-0.00043133, decimalsFor(3, 0.001091))).toBe('−0.0004');
  expect(decimalsFor(3, 0.031227)).toBe(3);
  expect(decimalsFor(2, 0.12)).toBe(2);
  expect(decimalsFor(2, 1e-12)).toBe(6);
  expect(decimalsFor(3, 0, Number.NaN)).toBe(3);
});

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
