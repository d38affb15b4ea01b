// Writes the browser harness's fixtures from the real CLI on the Riverside sample:
// results, codebook, sheets and the sheet's rows. Run from ui/: `npm run fixtures`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const cli = process.env.RAPPORT_CLI ?? '../target/debug/rapport';
const out = 'dev/fixtures';
mkdirSync(out, { recursive: true });

/** @param {string[]} args */
const rapport = (...args) => execFileSync(cli, [...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
writeFileSync(`${out}/results.json`, rapport('run', '../samples/riverside-trust.json'));
// The same analysis with the sample's survey design, and as logistic / ordinal models (what the
// Model screen's "Survey design and model" panel asks for). A run the engine refuses leaves no
// fixture, and the harness then answers with the engine's error, as the app would.
const variants = {
  'results-design': ['--weight', 'weight', '--cluster', 'ward'],
  'results-logit': ['--family', 'logit', '--weight', 'weight', '--cluster', 'ward'],
  'results-ordinal': ['--family', 'ordinal', '--weight', 'weight', '--cluster', 'ward'],
};
for (const [name, flags] of Object.entries(variants)) {
  try {
    writeFileSync(`${out}/${name}.json`, rapport('run', '../samples/riverside-trust.json', ...flags));
  } catch (e) {
    const message = String(/** @type {{stderr?: unknown}} */ (e).stderr ?? e).trim();
    writeFileSync(`${out}/${name}.json`, JSON.stringify({ error: { code: 'model_error', message } }));
    console.warn(`${name}: the CLI refused (${message.split('\n')[0]})`);
  }
}
writeFileSync(`${out}/codebook.json`, rapport('describe', '../samples/riverside-2026.xlsx'));
writeFileSync(`${out}/sheets.json`, rapport('sheets', '../samples/riverside-2026.xlsx'));

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines.
 * @param {string} text
 */
function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[++i];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') {
      field = field.replace(/\r$/, '');
      endRow();
    } else field += ch;
  }
  if (field || row.length) endRow();
  return rows;
}

const [columns, ...rows] = parseCsv(readFileSync('../samples/riverside-2026.csv', 'utf8'));
writeFileSync(`${out}/rows.json`, JSON.stringify({ columns, rows }));
console.log(`fixtures written to ${out}: ${rows.length} rows × ${columns.length} columns`);
