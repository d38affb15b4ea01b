// Browser harness: fakes the Tauri side with fixtures made by the real CLI (dev/fixtures,
// `npm run fixtures`). Loaded only by `vite build --mode mock`; never part of `dist`.
// URL switches: ?start (launched on the sample), ?rows=100000 (a big sheet), ?empty (no recent
// files), ?open=/path/broken.xlsx (what the open dialog returns; a path with "broken" fails).
import { emit } from '@tauri-apps/api/event';
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import type { AnalysisSpec, Codebook, DatasetSummary, OpenRequest, Progress, Results, SheetInfo } from '../src/lib/api';

const load = async <T>(name: string): Promise<T> => (await fetch(`./fixtures/${name}.json`)).json();
type Refusal = { error: { code: string; message: string } };
const [results, designResults, logitResults, ordinalResults, codebook, sheets, sheetRows] = await Promise.all([
  load<Results>('results'),
  load<Results | Refusal>('results-design'),
  load<Results | Refusal>('results-logit'),
  load<Results | Refusal>('results-ordinal'),
  load<Codebook>('codebook'),
  load<SheetInfo[]>('sheets'),
  load<{ columns: string[]; rows: string[][] }>('rows'),
]);

const params = new URLSearchParams(location.search);
const total = Number(params.get('rows') ?? sheetRows.rows.length);
const home = '/home/analyst/Documents';
const samplePath = '/usr/share/rapport/samples/riverside-2026.xlsx';

const dataset = (path: string): DatasetSummary => ({
  file_name: path.split('/').pop()!,
  path,
  sha256: results.input.sha256,
  sheets,
  sheet: sheets[0].name,
  header_row: sheets[0].header_row ?? 1,
  rows: total,
  codebook,
});

let current: DatasetSummary | null = params.has('start') ? dataset(samplePath) : null;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function work(task: Progress['task'], steps: string[]) {
  for (const [i, message] of steps.entries()) {
    await emit('progress', { task, message, fraction: i / steps.length } satisfies Progress);
    await pause(150);
  }
}

const emptySpec = (): AnalysisSpec => ({ version: 1, data: { file: current!.path }, outcome: '', blocks: [], intercept: true });

mockWindows('main');
mockIPC(
  async (cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'sample_surveys':
        return [{
          id: 'riverside',
          title: 'Riverside Borough Council residents’ survey 2026',
          description: '1,200 residents (synthetic): kindness, being listened to and respect beside waiting times and first-time resolution, and trust in the council.',
          file_name: 'riverside-2026.xlsx',
        }];
      case 'recent_files':
        return params.has('empty') ? [] : [`${home}/Residents survey 2025 - final v3.xlsx`, `${home}/Contractor delivery/tenant_survey.csv`];
      case 'open_dataset': {
        const request = a.request as OpenRequest;
        await work('open', ['Reading the workbook…', 'Finding the header row…', 'Recognising answer scales…']);
        if (request.path?.includes('broken')) {
          throw { code: 'unreadable_file', message: `“${request.path}” could not be read as a spreadsheet: the file seems to be damaged or cut short. Try saving it again from Excel.` };
        }
        current = { ...dataset(request.path ?? samplePath), header_row: request.header_row ?? sheets[0].header_row ?? 1 };
        return current;
      }
      case 'e2e_hooks':
        return { save_dir: null, open_path: null };
      case 'startup_dataset':
      case 'current_dataset':
        return current;
      case 'preview_page': {
        const offset = a.offset as number;
        const limit = Math.min(a.limit as number, 500, total - offset);
        const n = sheetRows.rows.length;
        const index = Array.from({ length: Math.max(0, limit) }, (_, k) => offset + k);
        return {
          offset,
          total,
          columns: sheetRows.columns,
          row_numbers: index.map((i) => current!.header_row + 1 + i),
          rows: index.map((i) => sheetRows.rows[i % n]),
        };
      }
      case 'composite_reliability': {
        const items = a.items as string[];
        const known = results.composites[0].reliability;
        return { ...known, items: known.items.filter((s) => items.includes(s.item)) };
      }
      case 'suggested_spec':
        return current?.path === samplePath ? results.spec : emptySpec();
      case 'run_analysis': {
        // The fixture nearest to what was asked: the family, and whether a design is set.
        const spec = a.spec as AnalysisSpec;
        await work('fit', ['Building the design matrix…', 'Fitting…', 'Writing the findings…']);
        const hasDesign = Boolean(spec.design?.weight || spec.design?.strata || spec.design?.cluster);
        const fixture =
          spec.family === 'logit' ? logitResults
          : spec.family === 'ordinal' ? ordinalResults
          : hasDesign ? designResults
          : results;
        if ('error' in fixture) throw fixture.error;
        // The key drivers only when asked for, as the engine does.
        return { ...fixture, spec, drivers: spec.drivers ? fixture.drivers : null };
      }
      case 'export_results':
        await pause(300);
        return a.path;
      case 'plugin:dialog|open':
        return params.get('open') ?? `${home}/riverside-2026.xlsx`;
      case 'plugin:dialog|save':
        return `${home}/${(a.options as { defaultPath: string }).defaultPath}`;
      default:
        throw { code: 'unknown_command', message: `The harness has no mock for ${cmd}.` };
    }
  },
  { shouldMockEvents: true },
);
