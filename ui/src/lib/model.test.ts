import { describe, expect, it } from 'vitest';
import type { AnalysisSpec, Variable } from './api';
import { draftFromSpec, move, notReady, setOutcome, specFromDraft } from './model';

const v = (name: string, kind: Variable['kind']): Variable =>
  ({ name, column: 'A', kind, levels: [], valid_n: 1, missing: [], invalid_n: 0, invalid_examples: [] }) as Variable;
const variables = [v('id', 'text'), v('trust', 'numeric'), v('kind', 'numeric'), v('wait', 'numeric'), v('age', 'categorical')];
const spec: AnalysisSpec = {
  version: 1,
  intercept: true,
  data: { file: 'x.xlsx' },
  outcome: 'trust',
  blocks: [{ name: 'Relationships', role: 'relational', predictors: ['kind', 'missing_col'] }],
  categorical: ['age'],
};

describe('model draft', () => {
  it('starts from the suggested spec and pools the rest, skipping text and unknown columns', () => {
    const d = draftFromSpec(spec, variables);
    expect(d.outcome).toBe('trust');
    expect(d.places.relational).toEqual(['kind']);
    expect(d.places.pool).toEqual(['wait', 'age']);
  });

  it('moves variables between blocks and back', () => {
    let d = move(draftFromSpec(spec, variables), ['wait', 'age'], 'transactional');
    expect(d.places.transactional).toEqual(['wait', 'age']);
    d = move(d, ['age'], 'pool');
    expect(d.places.transactional).toEqual(['wait']);
    expect(d.places.pool).toEqual(['age']);
  });

  it('takes a new outcome out of its block and returns the old one to the pool', () => {
    const d = setOutcome(draftFromSpec(spec, variables), 'kind');
    expect(d.outcome).toBe('kind');
    expect(d.places.relational).toEqual([]);
    expect(d.places.pool).toContain('trust');
  });

  it('builds a spec with non-empty blocks and only the categorical settings in use', () => {
    const d = move(draftFromSpec(spec, variables), ['wait'], 'transactional');
    const out = specFromDraft(spec, { ...d, referenceLevels: { age: '35-44' } });
    expect(out.blocks.map((b) => b.role)).toEqual(['relational', 'transactional']);
    expect(out.categorical).toEqual([]);
    expect(out.reference_levels).toEqual({});
    expect(out.data).toEqual(spec.data);
  });

  it('asks for the key drivers by default, with the chosen performance measure', async () => {
    const { driversSpec } = await import('./model');
    const d = draftFromSpec(spec, variables);
    expect([d.drivers, d.driversPerformance]).toEqual([true, 'top_box']);
    expect(specFromDraft(spec, d).drivers).toEqual({});
    expect(specFromDraft(spec, { ...d, driversPerformance: 'mean' }).drivers).toEqual({ performance: 'mean' });
    expect(specFromDraft(spec, { ...d, drivers: false }).drivers).toBeNull();
    // A spec that already has settings (a saved analysis) keeps them, with the measure chosen.
    const saved = { bootstrap: 200, seed: 7n, performance: 'mean' as const, hold_controls: true, permutations: 5000 };
    const again = draftFromSpec({ ...spec, drivers: saved }, variables);
    expect(again.driversPerformance).toBe('mean');
    expect(specFromDraft({ ...spec, drivers: saved }, { ...again, driversPerformance: 'top_box' }).drivers)
      .toEqual({ ...saved, performance: 'top_box' });
    expect(driversSpec(null, 'top_box')).toEqual({});
    // The spec the UI sends is plain JSON.
    expect(JSON.parse(JSON.stringify(specFromDraft(spec, d))).drivers).toEqual({});
  });

  it('says what is missing before a run', () => {
    const empty = draftFromSpec({ ...spec, outcome: '', blocks: [] }, variables);
    expect(notReady(empty)).toMatch(/outcome/);
    expect(notReady(setOutcome(empty, 'trust'))).toMatch(/block/);
  });
});

describe('survey design and model', async () => {
  const { defaultPositiveLevels, familiesFor, suggestedDesign } = await import('./model');
  const scale = (name: string, family: string, levels: string[]): Variable =>
    ({ ...v(name, 'scale'), scale: { family, name: family, levels } }) as unknown as Variable;
  const trust = scale('trust', 'trust4', ['Not at all', 'Not very much', 'A fair amount', 'A great deal']);
  const yesNo = scale('resolved', 'yes_no', ['No', 'Yes']);

  it('carries the design, family, "yes" answers and standard errors into the spec', () => {
    const d = { ...draftFromSpec(spec, variables), weight: 'wait', cluster: 'age', family: 'logit' as const, positiveLevels: ['A great deal'], variance: 'hc3' as const };
    const out = specFromDraft(spec, d);
    expect(out.design).toEqual({ weight: 'wait', cluster: 'age' });
    expect(out.family).toBe('logit');
    expect(out.positive_levels).toEqual(['A great deal']);
    expect(out.variance).toBe('hc3');
    const plain = specFromDraft(spec, draftFromSpec(spec, variables));
    expect(plain.design).toEqual({});
    expect(plain.family).toBe('ols');
    expect(plain.positive_levels).toEqual([]);
    expect(plain.variance).toBeNull();
  });

  it('reads a saved design back', () => {
    const d = draftFromSpec({ ...spec, design: { weight: 'wait', strata: 'age' }, family: 'ordinal', variance: 'cluster' }, variables);
    expect([d.weight, d.strata, d.cluster, d.family, d.variance]).toEqual(['wait', 'age', '', 'ordinal', 'cluster']);
  });

  it('offers ordinal only for rating scales, and defaults "yes" as the engine does', () => {
    expect(familiesFor(trust)).toEqual(['ols', 'logit', 'ordinal']);
    expect(familiesFor(yesNo)).toEqual(['ols', 'logit']);
    expect(familiesFor(v('n', 'numeric'))).toEqual(['ols', 'logit']);
    expect(defaultPositiveLevels(trust)).toEqual(['A fair amount', 'A great deal']);
    expect(defaultPositiveLevels(yesNo)).toEqual(['Yes']);
    expect(defaultPositiveLevels(scale('kind', 'agreement5', ['SD', 'D', 'N', 'A', 'SA']))).toEqual(['A', 'SA']);
  });

  it('suggests design columns by name only', () => {
    const cols = [v('weight', 'numeric'), v('ward', 'categorical'), v('id', 'text')];
    expect(suggestedDesign(cols)).toEqual({ weight: 'weight', strata: '', cluster: 'ward' });
    expect(suggestedDesign([v('weight', 'text')]).weight).toBe('');
  });

  it('blocks a run without any "yes" answer or a cluster for cluster-robust errors', () => {
    const d = draftFromSpec(spec, variables);
    expect(notReady({ ...d, family: 'logit', positiveLevels: [] })).toMatch(/yes/);
    expect(notReady({ ...d, variance: 'cluster' })).toMatch(/cluster/);
    expect(notReady({ ...d, variance: 'cluster', cluster: 'age' })).toBeNull();
  });
});
