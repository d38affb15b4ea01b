// The Model screen's editable state and how it becomes an AnalysisSpec. Pure logic.
import type { AnalysisSpec, BlockRole, DriversSpec, Family, PerformanceMeasure, Variable, VarianceKind } from './api';

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
  /** Survey design columns; '' = none. */
  weight: string;
  strata: string;
  cluster: string;
  family: Family;
  /** Outcome levels counted as "yes" in a logistic model; null = the default for the outcome. */
  positiveLevels: string[] | null;
  /** Standard errors; null = automatic (design-based with a design, else classical). */
  variance: VarianceKind | null;
  /** Ask for the key-driver analysis (on by default). */
  drivers: boolean;
  /** The performance axis of the key drivers' quadrant. */
  driversPerformance: PerformanceMeasure;
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
    weight: spec.design?.weight ?? '',
    strata: spec.design?.strata ?? '',
    cluster: spec.design?.cluster ?? '',
    family: spec.family ?? 'ols',
    positiveLevels: spec.positive_levels?.length ? [...spec.positive_levels] : null,
    variance: spec.variance ?? null,
    // On by default, whatever the suggested spec says: it is the question the app is for.
    drivers: true,
    driversPerformance: spec.drivers?.performance ?? 'top_box',
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

/** Choosing an outcome takes it out of any block; the old outcome returns to the pool.
 * The "yes" levels of a logistic model start again from the new outcome's default. */
export function setOutcome(draft: ModelDraft, outcome: string): ModelDraft {
  const moved = move(draft, [outcome], 'pool');
  const pool = moved.places.pool.filter((n) => n !== outcome);
  if (draft.outcome && draft.outcome !== outcome) pool.push(draft.outcome);
  const positiveLevels = outcome === draft.outcome ? draft.positiveLevels : null;
  return { ...moved, outcome, positiveLevels, places: { ...moved.places, pool } };
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
    design: {
      ...(draft.weight ? { weight: draft.weight } : {}),
      ...(draft.strata ? { strata: draft.strata } : {}),
      ...(draft.cluster ? { cluster: draft.cluster } : {}),
    },
    family: draft.family,
    positive_levels: draft.family === 'logit' && draft.positiveLevels ? [...draft.positiveLevels] : [],
    variance: draft.variance,
    drivers: draft.drivers ? driversSpec(base.drivers ?? null, draft.driversPerformance) : null,
  };
}

/**
 * The key-driver part of the spec: the base spec's settings (bootstrap, seed…) when it has
 * them, with the chosen performance measure; else `{}` (the engine's defaults, % positive) or
 * `{ performance: "mean" }`. The engine fills every field left out with its default.
 */
export function driversSpec(base: DriversSpec | null, performance: PerformanceMeasure): DriversSpec {
  if (base) return { ...base, performance };
  const partial: Partial<DriversSpec> = performance === 'top_box' ? {} : { performance };
  return partial as DriversSpec;
}

export const performanceChoices: { value: PerformanceMeasure; label: string }[] = [
  { value: 'top_box', label: '% positive (top two answers)' },
  { value: 'mean', label: 'Mean score' },
];

/** Why the model cannot run yet, in the user's words; null when it can. */
export function notReady(draft: ModelDraft): string | null {
  if (!draft.outcome) return 'Choose the outcome you want to explain.';
  if (roles.every(({ role }) => draft.places[role].length === 0))
    return 'Put at least one question into a block.';
  if (draft.family === 'logit' && draft.positiveLevels?.length === 0)
    return 'Tick at least one answer that counts as “yes”.';
  if (draft.variance === 'cluster' && !draft.cluster)
    return 'Cluster-robust standard errors need a cluster column.';
  return null;
}

// --- Survey design and model ------------------------------------------------------------------

/** Columns that can weight rows: numbers. */
export const isWeightVariable = (v: Variable) => v.kind === 'numeric';

/** Columns that can name strata or clusters: categories, numbers (codes) and text ids. */
export const isGroupVariable = (v: Variable) => ['categorical', 'numeric', 'text'].includes(v.kind);

/** Rating scales with three or more answers in order, which an ordinal model can explain. */
export const isRatingScale = (v: Variable | undefined) =>
  v?.kind === 'scale' && v.scale.family !== 'yes_no' && v.scale.levels.length >= 3;

export const families: { family: Family; label: string; explain: string }[] = [
  { family: 'ols', label: 'Linear', explain: 'How many points higher or lower the outcome is, treating its scores as numbers.' },
  { family: 'logit', label: 'Binary logistic', explain: 'The odds of a “yes” answer (you choose which answers count as yes).' },
  { family: 'ordinal', label: 'Ordinal logistic', explain: 'The odds of a higher answer on the rating scale, using only its order (proportional odds).' },
];

/** Which model families suit an outcome: ordinal needs a rating scale, logistic answers to split. */
export function familiesFor(outcome: Variable | undefined): Family[] {
  const out: Family[] = ['ols'];
  if (outcome && (outcome.kind === 'scale' || outcome.kind === 'numeric' || outcome.kind === 'boolean')) out.push('logit');
  if (isRatingScale(outcome)) out.push('ordinal');
  return out;
}

export const varianceChoices: { value: VarianceKind | null; label: string }[] = [
  { value: null, label: 'Automatic: design-based when a design is set' },
  { value: 'design', label: 'Design-based (survey weights, strata, clusters) — as R’s svyglm' },
  { value: 'cluster', label: 'Cluster-robust (CR1), on the cluster column' },
  { value: 'hc3', label: 'Robust HC3 (unequal spread; R’s sandwich default)' },
  { value: 'hc2', label: 'Robust HC2' },
  { value: 'hc1', label: 'Robust HC1 (as Stata’s “robust”)' },
  { value: 'hc0', label: 'Robust HC0 (White)' },
  { value: 'classical', label: 'Classical (equal spread, independent answers)' },
];

/** Answers of an outcome a logistic model can count as "yes": its levels, in order. */
export function outcomeAnswers(outcome: Variable | undefined): string[] {
  if (!outcome) return [];
  if (outcome.kind === 'scale') return [...outcome.scale.levels];
  return outcome.levels.map((l) => l.label);
}

/** The engine's default "yes" answers: "Yes" (or true), else the upper half of a rating
 * scale (a 4-point trust scale: "A fair amount", "A great deal"; a middle answer is not yes). */
export function defaultPositiveLevels(outcome: Variable | undefined): string[] {
  const answers = outcomeAnswers(outcome);
  const yes = answers.filter((a) => /^(yes|true)$/i.test(a));
  if (yes.length > 0) return yes;
  if (outcome?.kind === 'scale') return answers.slice(Math.ceil(answers.length / 2));
  return [];
}

/** The "yes" answers in force: the user's choice, else the default. */
export const positiveLevelsOf = (draft: ModelDraft, outcome: Variable | undefined) =>
  draft.positiveLevels ?? defaultPositiveLevels(outcome);

const WEIGHT_NAMES = /^(weights?|wts?|wgts?|weighting|final_?weight|design_?weight)$/i;
const STRATA_NAMES = /^(strat(a|um)|stratification)$/i;
const CLUSTER_NAMES = /^(psu|clusters?|ward)$/i;

/** Design columns suggested by their names (never applied without asking). */
export function suggestedDesign(variables: Variable[]): { weight: string; strata: string; cluster: string } {
  const find = (re: RegExp, ok: (v: Variable) => boolean) => variables.find((v) => re.test(v.name) && ok(v))?.name ?? '';
  return {
    weight: find(WEIGHT_NAMES, isWeightVariable),
    strata: find(STRATA_NAMES, isGroupVariable),
    cluster: find(CLUSTER_NAMES, isGroupVariable),
  };
}
