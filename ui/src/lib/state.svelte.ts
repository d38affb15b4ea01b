// Application state shared by the screens, and the actions that change it.
import * as api from './api';
import type { AnalysisSpec, AppError, DatasetSummary, OpenRequest, Progress, Results } from './api';
import { draftFromSpec, specFromDraft, type ModelDraft } from './model';

export type Screen = 'welcome' | 'data' | 'model' | 'results' | 'export';

let nextErrorId = 1;

export const app = $state({
  screen: 'welcome' as Screen,
  dataset: null as DatasetSummary | null,
  baseSpec: null as AnalysisSpec | null,
  draft: null as ModelDraft | null,
  results: null as Results | null,
  errors: [] as (AppError & { id: number })[],
  /** What the app is doing right now, in words; null when idle. */
  busy: null as string | null,
  progress: null as Progress | null,
});

export function reportError(e: unknown) {
  const { code, message } = e as AppError;
  app.errors.push({ id: nextErrorId++, code, message });
}

export function dismissError(id: number) {
  app.errors = app.errors.filter((e) => e.id !== id);
}

/** Run one piece of work with a status line; failures become dismissible alerts. */
async function attempt<T>(doing: string, work: () => Promise<T>): Promise<T | undefined> {
  app.busy = doing;
  app.progress = null;
  try {
    return await work();
  } catch (e) {
    reportError(e);
    return undefined;
  } finally {
    app.busy = null;
    app.progress = null;
  }
}

async function adopt(dataset: DatasetSummary) {
  const spec = await api.suggestedSpec();
  app.dataset = dataset;
  app.baseSpec = spec;
  app.draft = draftFromSpec(spec, dataset.codebook.variables);
  app.results = null;
  app.screen = 'data';
}

export const openData = (request: OpenRequest, what: string) =>
  attempt(`Opening ${what}…`, async () => adopt(await api.openDataset(request)));

export function openFile(path: string) {
  return openData({ path, sample: null, sheet: null, header_row: null }, path);
}

/** Re-read the open file with another sheet or header row. */
export function reopen(sheet: string | null, header_row: number | null) {
  const ds = app.dataset;
  if (!ds) return;
  return openData({ path: ds.path, sample: null, sheet, header_row }, ds.file_name);
}

export async function resumeCurrent() {
  await attempt('Starting…', async () => {
    const ds = await api.startupDataset();
    if (ds) await adopt(ds);
  });
}

export function currentSpec(): AnalysisSpec | null {
  return app.baseSpec && app.draft ? specFromDraft(app.baseSpec, app.draft) : null;
}

export async function runModel() {
  const spec = currentSpec();
  if (!spec) return;
  const results: Results | undefined = await attempt('Fitting the model…', () => api.runAnalysis(spec));
  if (results) {
    app.results = results;
    app.screen = 'results';
  }
}

export const exportTo = (path: string, format: api.ExportFormat) =>
  attempt(`Writing the ${format.toUpperCase()} file…`, () => api.exportResults(path, format));

export const canVisit = (screen: Screen) =>
  screen === 'welcome' ||
  ((screen === 'data' || screen === 'model') && app.dataset !== null) ||
  ((screen === 'results' || screen === 'export') && app.results !== null);
