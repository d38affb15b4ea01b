// Words and layout for the key-driver charts. Display only: every number comes from the engine.
import type { QuadrantLabel } from './api';
import { quadrantCorners, quadrantNames } from './bindings/vocabulary';

/**
 * The quadrants' names and where each sits on the chart, generated from the engine's
 * `QuadrantLabel::label` and `QuadrantLabel::corner`: the priorities for improvement
 * (important, but few positive) are bottom right, the strengths to maintain top right.
 */
export { quadrantCorners, quadrantNames };

export const quadrantName = (q: QuadrantLabel | null | undefined) => (q ? quadrantNames[q] : '–');

/** Round axis ticks covering [lo, hi] with about `count` steps (layout only). */
export function niceTicks(lo: number, hi: number, count = 5): { start: number; end: number; step: number; ticks: number[] } {
  if (!(hi > lo)) {
    hi = lo + 1;
  }
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw - 1e-12)!;
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks = Array.from({ length: Math.round((end - start) / step) + 1 }, (_, i) => Number((start + i * step).toPrecision(12)));
  return { start, end, step, ticks };
}

/** Decimals that show every tick of a step distinctly. */
export const tickDigits = (step: number) => Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(3)) === 2.5 ? 1 : 0));
