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

it('names tests and cut-points', async () => {
  const { statName, testStatistic, pText, thresholdLabel, degrees } = await import('./format');
  expect(statName(null)).toBe('z');
  expect(statName(29)).toBe('t');
  expect(testStatistic(267.23, 3, 24)).toBe('F(3, 24) = 267.2');
  expect(testStatistic(41.04, 3, null)).toBe('χ²(3) = 41.0');
  expect(testStatistic(0.437, 2, 700)).toBe('F(2, 700) = 0.44');
  expect(degrees(27.46)).toBe('27.5');
  expect(pText(0.0421)).toBe('p = 0.042');
  expect(pText(1e-9)).toBe('p < 0.001');
  expect(thresholdLabel('Not at all|Not very much')).toBe('Not at all | Not very much');
});

it('describes a survey design', async () => {
  const { designWords } = await import('./format');
  const words = designWords({
    weight: 'weight', strata: null, cluster: 'ward', rows: 1150, n_strata: 1, n_psu: 30, lonely_strata: 0,
    df: 29, kish_effective_n: 1023.4, weighting_design_effect: 1.1237,
  });
  expect(words[0]).toBe('Weighted by “weight”; 30 clusters (“ward”); design degrees of freedom 29.');
  expect(words[1]).toMatch(/1,150 answers worth about 1,023 .* design effect 1\.12/);
  expect(words).toHaveLength(2);
});

it('shows shares already in percent', async () => {
  const { percentOf, percentRange, countOf } = await import('./format');
  expect(percentOf(61.93)).toBe('62%');
  expect(percentOf(6.94)).toBe('6.9%');
  expect(percentOf(9.96)).toBe('10%');
  expect(percentOf(null)).toBe('–');
  expect(percentRange([55.2, 67.4])).toBe('55–67%');
  expect(percentRange([4.13, 9.9])).toBe('4.1–9.9%');
  expect(percentRange([4.13, 12.2])).toBe('4–12%');
  expect(percentRange(null)).toBe('–');
  expect(countOf(20261126)).toBe('20,261,126');
  expect(countOf(20261126n)).toBe('20,261,126');
});
