// Display formatting only: rounding and labels. No statistics are computed here.
import type { MissingReason, Variable } from './api';

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export const count = (n: number) => whole.format(n);

export function decimal(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return Number(s) === 0 ? (0).toFixed(digits) : s.replace('-', '−');
}

/** Decimals that show the smallest non-zero magnitude among `values` to two significant
 * figures, at least `min` and at most 6 (so an effect per day, 0.0004, is not shown as 0.00). */
export function decimalsFor(min: number, ...values: number[]): number {
  const sizes = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  if (sizes.length === 0) return min;
  return Math.min(6, Math.max(min, 1 - Math.floor(Math.log10(Math.min(...sizes)))));
}

export const percent = (fraction: number, digits = 0) =>
  `${(fraction * 100).toFixed(digits)}%`;

export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

const reasonLabels: Record<MissingReason, string> = {
  blank: 'Blank',
  dont_know: "Don't know",
  prefer_not_to_say: 'Prefer not to say',
  not_applicable: 'Not applicable',
  refused: 'Refused',
  cell_error: 'Cell error',
};
export const reasonLabel = (r: MissingReason) => reasonLabels[r] ?? r;

const kindLabels: Record<string, string> = {
  numeric: 'Number',
  categorical: 'Categories',
  boolean: 'True / false',
  date: 'Date',
  text: 'Free text',
  empty: 'Empty',
};
export const kindLabel = (v: Variable) => (v.kind === 'scale' ? v.scale.name : kindLabels[v.kind]);

/** "age_band[T.16-24]" reads as "age_band: 16-24". */
export function termLabel(term: string): string {
  const m = /^(.*)\[T\.(.*)\]$/.exec(term);
  return m ? `${m[1]}: ${m[2]}` : term;
}

/** The variable a finding names: the first quoted name in the engine's fixed template. */
export function quotedName(text: string): string | null {
  return /"([^"]+)"/.exec(text)?.[1] ?? null;
}

export const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The test statistic's letter: t with finite degrees of freedom, z (normal) without. */
export const statName = (inferenceDf: number | null | undefined) =>
  inferenceDf === null || inferenceDf === undefined ? 'z' : 't';

/** Degrees of freedom as read: whole numbers plain, fractional ones (Satterthwaite, design) to one decimal. */
export const degrees = (df: number) => (Number.isInteger(df) ? String(df) : df.toFixed(1));

/** "F(3, 24) = 267.2" or "χ²(3) = 41.0". */
export function testStatistic(statistic: number, df: number, dfDenominator: number | null | undefined): string {
  // One decimal, as the engine's sentences write it (two below 1, so 0.4 is not 0).
  const value = decimal(statistic, Math.abs(statistic) >= 1 ? 1 : 2);
  return dfDenominator === null || dfDenominator === undefined
    ? `χ²(${df}) = ${value}`
    : `F(${df}, ${degrees(dfDenominator)}) = ${value}`;
}

/** "p < 0.001" or "p = 0.042". */
export const pText = (p: number) => (Number.isFinite(p) && p < 0.001 ? 'p < 0.001' : `p = ${pValue(p)}`);

/** An ordinal cut-point "Not at all|Not very much" as "Not at all | Not very much". */
export const thresholdLabel = (name: string) => name.split('|').join(' | ');

/** The sampling design behind design-based estimates, in plain sentences. */
export function designWords(d: {
  weight: string | null; strata: string | null; cluster: string | null; rows: number; n_strata: number;
  n_psu: number; lonely_strata: number; df: number; kish_effective_n: number; weighting_design_effect: number;
}): string[] {
  const out: string[] = [];
  const units = d.cluster
    ? `${count(d.n_psu)} clusters (“${d.cluster}”)`
    : `${count(d.n_psu)} answers, each its own sampling unit`;
  const strata = d.strata ? ` in ${count(d.n_strata)} strata (“${d.strata}”)` : '';
  out.push(`${d.weight ? `Weighted by “${d.weight}”` : 'Unweighted'}; ${units}${strata}; design degrees of freedom ${count(d.df)}.`);
  if (d.weight) {
    out.push(
      `The weights make ${count(d.rows)} answers worth about ${count(d.kish_effective_n)} equally weighted ones ` +
        `(Kish effective sample size; weighting design effect ${decimal(d.weighting_design_effect, 2)}).`,
    );
  }
  if (d.lonely_strata > 0) {
    out.push(`${count(d.lonely_strata)} ${d.lonely_strata === 1 ? 'stratum has' : 'strata have'} a single cluster; handled as R’s survey package does with lonely.psu = "adjust".`);
  }
  return out;
}

/** Digits for a number already in percent: whole numbers, one decimal below 10 (so a 1.1%
 * share does not read as 1%). */
const percentDigits = (p: number) => (Math.abs(p) < 9.95 ? 1 : 0);

/** A number already in percent (0–100), e.g. a share of the explained outcome: "14%", "6.9%". */
export function percentOf(p: number | null | undefined, digits?: number): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return `${decimal(p, digits ?? percentDigits(p))}%`;
}

/** An interval of percentages, "55–67%" (both ends to the same digits, those of the larger). */
export function percentRange(ci: readonly [number, number] | null | undefined): string {
  if (!ci || !ci.every(Number.isFinite)) return '–';
  const digits = percentDigits(Math.max(Math.abs(ci[0]), Math.abs(ci[1])));
  return `${decimal(ci[0], digits)}–${decimal(ci[1], digits)}%`;
}

/** "1,000" for counts that may arrive as bigint (a seed) or number. */
export const countOf = (n: number | bigint) => (typeof n === 'bigint' ? n.toLocaleString('en-GB') : count(n));
