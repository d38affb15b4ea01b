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

  it('says what is missing before a run', () => {
    const empty = draftFromSpec({ ...spec, outcome: '', blocks: [] }, variables);
    expect(notReady(empty)).toMatch(/outcome/);
    expect(notReady(setOutcome(empty, 'trust'))).toMatch(/block/);
  });
});
