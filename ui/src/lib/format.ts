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
