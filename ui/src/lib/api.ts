// The one place the UI talks to the Rust side. One typed function per Tauri command.
// The payload types are generated from the Rust types by ts-rs into `./bindings/` (checked in
// CI by rapport-desktop's `export_bindings` test), so the two sides cannot drift.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

export type * from './bindings';
import type {
  AnalysisSpec, DatasetSummary, E2eHooks, ExportFormat, OpenRequest, PreviewPage, Progress,
  Reliability, Results, SampleSurvey,
} from './bindings';

/** Every failed command rejects with one of these. */
export interface AppError { code: string; message: string }

function toAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'message' in e) {
    const { code, message } = e as { code?: unknown; message: unknown };
    return { code: typeof code === 'string' ? code : 'error', message: String(message) };
  }
  return { code: 'error', message: String(e) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const sampleSurveys = () => call<SampleSurvey[]>('sample_surveys');
export const recentFiles = () => call<string[]>('recent_files');
export const openDataset = (request: OpenRequest) => call<DatasetSummary>('open_dataset', { request });
export const startupDataset = () => call<DatasetSummary | null>('startup_dataset');
export const e2eHooks = () => call<E2eHooks>('e2e_hooks');
export const previewPage = (offset: number, limit: number) =>
  call<PreviewPage>('preview_page', { offset, limit });
export const compositeReliability = (items: string[]) =>
  call<Reliability>('composite_reliability', { items });
export const suggestedSpec = () => call<AnalysisSpec>('suggested_spec');
export const runAnalysis = (spec: AnalysisSpec) => call<Results>('run_analysis', { spec });
export const exportResults = (path: string, format: ExportFormat) =>
  call<string>('export_results', { path, format });

export const onProgress = (handler: (p: Progress) => void): Promise<UnlistenFn> =>
  listen<Progress>('progress', (event) => handler(event.payload));
