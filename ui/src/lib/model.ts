// The Model screen's editable state and how it becomes an AnalysisSpec. Pure logic.
import type { AnalysisSpec, BlockRole, Variable } from './api';

export type Role = Exclude<BlockRole, 'other'>;
export type Place = Role | 'pool';

export const roles: { role: Role; name: string; key: string; hint: string }[] = [
  { role: 'relational', name: 'Relationships', key: '1', hint: 'kindness, being listened to, respect, continuity' },
  { role: 'transactional', name: 'Service performance', key: '2', hint: 'waiting, resolution, cost, ease' },
  { role: 'control', name: 'About the respondent', key: '3', hint: 'age, sex, tenure, deprivation' },
];

export interface ModelDraft {
  outcome: string;
  places: Record<Place, string[]>;
  categorical: string[];
  referenceLevels: Record<string, string>;
}

/** Variables that can go into a regression: numbers, scales, categories, true/false. */
export const isModelVariable = (v: Variable) =>
  ['numeric', 'scale', 'categorical', 'boolean'].includes(v.kind);

/** Outcomes are measured on a numeric or response scale. */
export const isOutcomeVariable = (v: Variable) => v.kind === 'numeric' || v.kind === 'scale';

/** Numbers (e.g. a deprivation quintile) may be treated as unordered categories; text categories always are. */
export const canToggleCategorical = (v: Variable) => v.kind === 'numeric';

/** The predictors the category settings apply to. */
export const hasCategoryOptions = (v: Variable) => v.kind === 'numeric' || v.kind === 'categorical';

export function isCategorical(v: Variable, draft: ModelDraft): boolean {
  return v.kind === 'categorical' || draft.categorical.includes(v.name);
}

/** Start from a (possibly empty) suggested spec: its blocks, the rest in the pool. */
export function draftFromSpec(spec: AnalysisSpec, variables: Variable[]): ModelDraft {
  const usable = variables.filter(isModelVariable).map((v) => v.name);
  const places: Record<Place, string[]> = { relational: [], transactional: [], control: [], pool: [] };
  const placed = new Set<string>([spec.outcome]);
  for (const block of spec.blocks) {
    const role: Role = block.role === 'other' ? 'control' : block.role;
    for (const p of block.predictors) {
      if (usable.includes(p) && !placed.has(p)) {
        places[role].push(p);
        placed.add(p);
      }
    }
  }
  places.pool = usable.filter((name) => !placed.has(name));
  return {
    outcome: usable.includes(spec.outcome) ? spec.outcome : '',
    places,
    categorical: [...(spec.categorical ?? [])],
    referenceLevels: { ...(spec.reference_levels ?? {}) },
  };
}

export function placeOf(draft: ModelDraft, name: string): Place | null {
  for (const [place, names] of Object.entries(draft.places)) {
    if (names.includes(name)) return place as Place;
  }
  return null;
}

/** Move variables to a block (or back to the pool), keeping the others' order. */
export function move(draft: ModelDraft, names: string[], to: Place): ModelDraft {
  const places = { ...draft.places };
  for (const place of Object.keys(places) as Place[]) {
    places[place] = places[place].filter((n) => !names.includes(n));
  }
  places[to] = [...places[to], ...names];
  return { ...draft, places };
}

/** Choosing an outcome takes it out of any block; the old outcome returns to the pool. */
export function setOutcome(draft: ModelDraft, outcome: string): ModelDraft {
  const moved = move(draft, [outcome], 'pool');
  const pool = moved.places.pool.filter((n) => n !== outcome);
  if (draft.outcome && draft.outcome !== outcome) pool.push(draft.outcome);
  return { ...moved, outcome, places: { ...moved.places, pool } };
}

export function specFromDraft(base: AnalysisSpec, draft: ModelDraft): AnalysisSpec {
  const inModel = new Set(roles.flatMap(({ role }) => draft.places[role]));
  const categorical = draft.categorical.filter((n) => inModel.has(n));
  const reference_levels = Object.fromEntries(
    Object.entries(draft.referenceLevels).filter(([n, level]) => inModel.has(n) && level !== ''),
  );
  return {
    ...base,
    outcome: draft.outcome,
    blocks: roles
      .filter(({ role }) => draft.places[role].length > 0)
      .map(({ role, name }) => ({ name, role, predictors: [...draft.places[role]] })),
    categorical,
    reference_levels,
  };
}

/** Why the model cannot run yet, in the user's words; null when it can. */
export function notReady(draft: ModelDraft): string | null {
  if (!draft.outcome) return 'Choose the outcome you want to explain.';
  if (roles.every(({ role }) => draft.places[role].length === 0))
    return 'Put at least one question into a block.';
  return null;
}
