// Native file dialogs, with the end-to-end harness's stand-ins: WebDriver cannot drive a
// GTK dialog, so when the backend reports test hooks (env RAPPORT_E2E_OPEN /
// RAPPORT_E2E_SAVE_DIR) the dialogs are skipped and those paths used instead.
import { open, save } from '@tauri-apps/plugin-dialog';
import { e2eHooks, type E2eHooks } from './api';

let hooks: Promise<E2eHooks> | null = null;
const testHooks = () => (hooks ??= e2eHooks().catch(() => ({ save_dir: null, open_path: null })));

/** The survey file the user picks, or null when they cancel. */
export async function chooseSurvey(extensions: string[]): Promise<string | null> {
  const { open_path } = await testHooks();
  if (open_path) return open_path;
  const path = await open({
    multiple: false,
    directory: false,
    title: 'Open a survey file',
    filters: [{ name: 'Survey data', extensions }],
  });
  return typeof path === 'string' ? path : null;
}

/** Where to save an export, or null when the user cancels. */
export async function chooseSavePath(fileName: string, filter: string, extension: string): Promise<string | null> {
  const { save_dir } = await testHooks();
  if (save_dir) return `${save_dir}/${fileName}`;
  return save({
    title: 'Save the results',
    defaultPath: fileName,
    filters: [{ name: filter, extensions: [extension] }],
  });
}
