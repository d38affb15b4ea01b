// End-to-end: the real Rapport window (WebKitGTK) driven through tauri-driver.
// Run by run.sh (xvfb-run, fresh HOME, tauri-driver on :4444, hooks in the environment).
//
// Flow (issue 3, item 5): Welcome → open the Riverside sample from its card → Data shows the
// variables → Model: outcome trust_council, blocks as in samples/riverside-trust.json → run →
// the R² on screen equals the CLI's at the precision shown → Export the xlsx through the app →
// the file exists and its Model sheet holds the CLI's coefficients (openpyxl, 1e-9 relative).
// Then a truncated xlsx shows a readable error and the app stays usable.
// Then (issue 4, item 8) the sample's survey design on the Model screen: weight = weight,
// cluster = ward → the Results screen says the standard errors are design-based and shows the
// relational block's test, equal to the CLI's `--weight weight --cluster ward`; and, once the
// engine fits ordinal models, the same design with Model = Ordinal (cut-points, odds ratios).
// On every screen: a screenshot (screenshots/) and an axe-core scan (no serious/critical).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, waitForDriver, tid, sleep } from './webdriver.mjs';
import { runAxe, formatViolations, BLOCKING_IMPACTS } from './axe.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = process.env.RAPPORT_E2E_ROOT ?? join(HERE, '..', '..');
const APP = process.env.RAPPORT_E2E_APP;
const CLI = process.env.RAPPORT_E2E_CLI;
const SAVE_DIR = process.env.RAPPORT_E2E_SAVE_DIR;
const BAD_FILE = process.env.RAPPORT_E2E_OPEN;
const SHOTS = process.env.RAPPORT_E2E_SCREENSHOTS ?? join(HERE, 'screenshots');
const DRIVER = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const SPEC_PATH = join(ROOT, 'samples', 'riverside-trust.json');

// The UI's data-testids (ui/src, ui/TESTIDS.md).
const ID = {
  sampleCard: 'sample-riverside',
  openFile: 'welcome-open', // "Choose a file…": opens RAPPORT_E2E_OPEN instead of the dialog under the hook
  nav: (screen) => `nav-${screen}`, // aria-current="step" on the screen showing
  // One element that only its screen has.
  marker: { welcome: 'welcome-open', data: 'variables-table', model: 'outcome-select', results: 'result-r2', export: 'export-xlsx' },
  variablesTable: 'variables-table',
  variableRow: (name) => `variable-row-${name}`,
  outcomeSelect: 'outcome-select',
  block: (place) => `block-${place}`, // relational | transactional | control | pool
  chip: (name) => `var-${name}`,
  runAnalysis: 'run-analysis',
  runBlocker: 'run-blocker',
  resultR2: 'result-r2', // "58%"
  resultR2Value: 'result-r2-value', // "0.576"
  resultN: 'result-n',
  exportXlsx: 'export-xlsx',
  exportWritten: 'export-written-xlsx', // shows the written path
  errorAlert: 'error-alert',
  progress: 'progress',
  designWeight: 'design-weight',
  designCluster: 'design-cluster',
  family: 'family-select',
  varianceHint: 'variance-hint',
  resultVariance: 'result-variance', // the standard errors in words; data-kind = model.variance_kind
  resultDesign: 'result-design',
  blockTestCard: 'block-test-card', // data-role = the headline block's role
  blockTestStatistic: 'block-test-statistic', // "F(8, 2) = 140.9"; data-value = statistic
  blockTestText: 'block-test-text',
  thresholds: 'thresholds-table', // rows threshold-row-{i}
  oddsRatio: 'coef-odds-ratio', // data-value = odds_ratio.estimate
  modelTableStat: 'model-table-stat', // "t" or "z"
  // Key drivers (issue 5): the Model screen's request, the Results screen's "What matters most".
  driversToggle: 'drivers-toggle', // checkbox, on by default
  driversPerformance: 'drivers-performance', // top_box | mean
  driversSection: 'drivers-section',
  driversHeadline: 'drivers-headline',
  driversHeadlineText: 'drivers-headline-text', // drivers.headline
  driversBlock: (role) => `drivers-block-${role}`, // data-value = blocks[].share.percent
  driverRow: (variable) => `driver-row-${variable}`, // data-value = items[].share.percent
  quadrantChart: 'quadrant-chart',
  quadrantPoint: (variable) => `quadrant-point-${variable}`, // data-quadrant = items[].quadrant
  quadrantLeftOff: 'quadrant-left-off',
};
const DESIGN_FLAGS = ['--weight', 'weight', '--cluster', 'ward'];
const KEY_OF = { relational: '1', transactional: '2', control: '3', pool: '0' };

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
let cli; // the CLI's results JSON for the same spec
let cliDesign; // … with the sample's design (weight, ward clusters)
let cliOrdinal; // … and Model = ordinal; null when the CLI refuses it
let s; // the WebDriver session
let flowBroken = null; // name of the first failed flow step: later steps are skipped
const axeFindings = [];

// ---------------------------------------------------------------------------------------------

/** Save a PNG of the viewport; top: scroll the page to the top first (consistent framing). */
async function shot(name, { top = false } = {}) {
  mkdirSync(SHOTS, { recursive: true });
  if (top) {
    await s.execute('window.scrollTo(0, 0);');
    await sleep(150);
  }
  const file = join(SHOTS, `${name}.png`);
  writeFileSync(file, Buffer.from(await s.screenshot(), 'base64'));
  return file;
}

/** A flow step: skipped once an earlier step failed; a screenshot on failure. */
function step(name, fn, { timeout = 90_000, independent = false } = {}) {
  test(name, { timeout }, async (t) => {
    if (!s) return t.skip('no WebDriver session');
    if (flowBroken && !independent) return t.skip(`after the failed step "${flowBroken}"`);
    try {
      await fn(t);
    } catch (e) {
      if (!independent) flowBroken ??= name;
      await shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
      const alerts = await pageAlerts().catch(() => '');
      if (alerts) e.message += `\n  alerts on screen: ${alerts}`;
      throw e;
    }
  });
}

/** An axe scan of the current screen, as its own test (does not break the flow). */
function axeStep(screen) {
  test(`accessibility: ${screen} has no serious or critical axe violations`, { timeout: 150_000 }, async (t) => {
    if (!s) return t.skip('no WebDriver session');
    if (flowBroken) return t.skip(`after the failed step "${flowBroken}"`);
    const r = await runAxe(s);
    const blocking = r.violations.filter((v) => BLOCKING_IMPACTS.has(v.impact));
    const minor = r.violations.filter((v) => !BLOCKING_IMPACTS.has(v.impact));
    axeFindings.push({ screen, blocking, minor });
    if (r.violations.length) console.log(`axe on ${screen}:\n${formatViolations(r.violations)}`);
    assert.equal(blocking.length, 0, `axe on ${screen}: serious/critical violations:\n${formatViolations(blocking)}`);
  });
}

const text = async (id) => (await s.waitFor(tid(id))).text();

async function pageAlerts() {
  const els = await s.findAll(`${tid(ID.errorAlert)}, [role="alert"]`);
  const out = [];
  for (const el of els) out.push((await el.text()).trim());
  return out.filter(Boolean).join(' | ');
}

/** Go to a screen by its nav item and wait for it to show. */
async function goTo(screen) {
  const nav = await s.waitFor(tid(ID.nav(screen)), { what: `nav item ${ID.nav(screen)}` });
  await s.until(() => nav.enabled(), { what: `${ID.nav(screen)} to be enabled` });
  await nav.click();
  await waitScreen(screen);
}

/** The step nav marks the screen showing (aria-current="step") and its marker element is there. */
async function waitScreen(screen, timeoutMs = 20_000) {
  await s.waitFor(`${tid(ID.nav(screen))}[aria-current="step"]`, { timeoutMs, what: `the ${screen} screen (nav)` });
  await s.waitFor(tid(ID.marker[screen]), { timeoutMs, what: `the ${screen} screen (${ID.marker[screen]})` });
}

/** Wait until the app is idle: no progress bar in the status line, nothing aria-busy. */
async function idle(timeoutMs = 60_000) {
  await s.until(
    async () => (await s.findAll(`${tid(ID.progress)} progress, [aria-busy="true"]`)).length === 0,
    { timeoutMs, what: 'the app to be idle' },
  );
}

/** Decimals of the first number in a string, and whether it is a percentage. */
function shownNumber(str) {
  const clean = str.replace(/\u2212/g, '-').replace(/,/g, '');
  const pct = /(-?\d+(?:\.(\d+))?)\s*%/.exec(clean);
  if (pct) return { value: Number(pct[1]), decimals: pct[2]?.length ?? 0, percent: true };
  const dec = /(-?\d*\.(\d+))/.exec(clean);
  if (dec) return { value: Number(dec[1]), decimals: dec[2].length, percent: false };
  return null;
}

/** The words (variable names) in an element's rendered text, via innerText (table cells separated). */
async function wordsIn(el) {
  const t = await s.execute('return arguments[0].innerText || arguments[0].textContent || "";', [el]);
  return new Set(t.split(/[^\w]+/).filter(Boolean));
}

const relClose = (a, b, rel = 1e-9) => a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

// ---------------------------------------------------------------------------------------------

before(async () => {
  assert.ok(APP && APP.startsWith('/'), `RAPPORT_E2E_APP must be an absolute path (got ${APP})`);
  assert.ok(CLI, 'RAPPORT_E2E_CLI must name the rapport CLI');
  const runCli = (...flags) => JSON.parse(
    execFileSync(CLI, ['run', SPEC_PATH, ...flags, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 }),
  );
  cli = runCli();
  cliDesign = runCli(...DESIGN_FLAGS);
  try {
    cliOrdinal = runCli('--family', 'ordinal', ...DESIGN_FLAGS);
  } catch (e) {
    cliOrdinal = null;
    console.log(`the CLI refuses the ordinal model: ${String(e.stderr ?? e).trim().split('\n')[0]}`);
  }
  await waitForDriver(DRIVER, { timeoutMs: 30_000 });
  s = await Session.create(
    DRIVER,
    { alwaysMatch: { 'tauri:options': { application: APP } } },
    { timeoutMs: 90_000, commandTimeoutMs: 30_000 },
  );
  await s.setTimeouts({ script: 120_000, pageLoad: 60_000, implicit: 0 });
});

after(async () => {
  if (axeFindings.length) {
    const lines = axeFindings.map(
      (f) => `  ${f.screen}: ${f.blocking.length} serious/critical, ${f.minor.length} moderate/minor` +
        (f.blocking.length + f.minor.length ? ` (${[...f.blocking, ...f.minor].map((v) => `${v.impact} ${v.id}`).join(', ')})` : ''),
    );
    console.log(`axe summary:\n${lines.join('\n')}`);
  }
  if (s) await s.delete();
});

// --- Welcome ---------------------------------------------------------------------------------

step('Welcome: the window shows the sample card', async () => {
  await s.waitFor(tid(ID.sampleCard), { timeoutMs: 45_000, what: 'the Riverside sample card' });
  const title = await s.title();
  assert.match(title, /Rapport/, `window title: ${title}`);
  await shot('1-welcome', { top: true });
});
axeStep('Welcome');

// --- Data ------------------------------------------------------------------------------------

step('Data: opening the sample from its card shows the variables', async () => {
  await (await s.find(tid(ID.sampleCard))).click();
  await waitScreen('data', 60_000);
  const table = await s.waitFor(tid(ID.variablesTable), { timeoutMs: 30_000 });
  const words = await wordsIn(table);
  const wanted = [spec.outcome, ...spec.blocks.flatMap((b) => b.predictors)];
  const missing = [];
  for (const v of wanted) {
    if (!words.has(v) || !(await s.maybe(`${tid(ID.variablesTable)} ${tid(ID.variableRow(v))}`))) missing.push(v);
  }
  assert.deepEqual(missing, [], 'variables missing from the Data screen');
  await idle();
  await shot('2-data', { top: true });
});
axeStep('Data');

// --- Model -----------------------------------------------------------------------------------

step('Model: outcome trust_council and the three blocks as in the sample spec', async () => {
  await setUpModel();
  const blocker = await s.maybe(tid(ID.runBlocker));
  assert.equal(blocker, null, `run is blocked: ${blocker && (await blocker.text())}`);
  // The key-driver analysis is asked for by default, with % positive on the quadrant (as the
  // sample spec's "drivers": {}).
  const toggle = await s.waitFor(tid(ID.driversToggle));
  assert.equal(await toggle.property('checked'), true, `${ID.driversToggle} is on by default`);
  assert.equal(await (await s.find(tid(ID.driversPerformance))).property('value'), 'top_box', ID.driversPerformance);
  await shot('3-model', { top: true });
});

/** Model screen: outcome trust_council, each predictor in its block as in the sample spec
 * (moved there with the keyboard when it is not), and the keyboard controls exercised. */
async function setUpModel() {
  await goTo('model');
  const select = await s.waitFor(tid(ID.outcomeSelect));
  if ((await select.property('value')) !== spec.outcome) {
    // Not pre-filled: choose it through the <select>.
    await (await s.find(`${tid(ID.outcomeSelect)} option[value="${spec.outcome}"]`)).click();
    await s.until(async () => (await select.property('value')) === spec.outcome, { what: 'the outcome to be set' });
  }
  // Each predictor in its block; any that is not gets moved there with the keyboard.
  let movedByKeyboard = 0;
  for (const block of spec.blocks) {
    for (const name of block.predictors) {
      if (await s.maybe(`${tid(ID.block(block.role))} ${tid(ID.chip(name))}`)) continue;
      await moveWithKeyboard(name, block.role);
      movedByKeyboard++;
    }
  }
  if (movedByKeyboard) console.log(`moved ${movedByKeyboard} predictors into their blocks with the keyboard`);
  // The keyboard controls work: the last relational item out to the pool with 0, back with 1.
  const last = spec.blocks.find((b) => b.role === 'relational').predictors.at(-1);
  await moveWithKeyboard(last, 'pool');
  await moveWithKeyboard(last, 'relational');
  for (const block of spec.blocks) {
    const chips = await s.findAll(`${tid(ID.block(block.role))} [data-testid^="var-"]`);
    const names = [];
    for (const c of chips) names.push((await c.attribute('data-testid')).slice(4));
    assert.deepEqual(names, block.predictors, `block "${block.name}" (${ID.block(block.role)})`);
  }
}

/** Focus a variable's chip and press the block's key (1, 2, 3; 0 = not used). */
async function moveWithKeyboard(name, place) {
  const chip = await s.waitFor(tid(ID.chip(name)), { what: `chip ${ID.chip(name)}` });
  await s.execute('arguments[0].focus();', [chip]);
  await s.keys(KEY_OF[place]);
  await s.waitFor(`${tid(ID.block(place))} ${tid(ID.chip(name))}`, {
    timeoutMs: 5_000, what: `${name} to move to ${ID.block(place)} after pressing ${KEY_OF[place]}`,
  });
}
axeStep('Model');

// --- Results ---------------------------------------------------------------------------------

step('Results: the R² on screen equals the CLI\'s for the same spec', async () => {
  await (await s.waitFor(tid(ID.runAnalysis))).click();
  await waitScreen('results', 90_000);
  const r2 = cli.fit.r_squared;
  // Both renderings of R² on the results screen, each at the precision it shows.
  for (const id of [ID.resultR2Value, ID.resultR2]) {
    const el = await s.maybe(tid(id));
    if (!el && id === ID.resultR2Value) continue;
    assert.ok(el, `no ${id} on the results screen`);
    const shown = (await el.text()).trim();
    const n = shownNumber(shown);
    assert.ok(n, `no number in ${id}: "${shown}"`);
    const expected = Number((n.percent ? r2 * 100 : r2).toFixed(n.decimals));
    assert.equal(n.value, expected, `${id} on screen "${shown}" vs the CLI's r_squared ${r2}`);
    console.log(`${id}: screen "${shown}", CLI r_squared ${r2}`);
  }
  // The full-precision value the card carries (data-value), if any.
  const raw = await (await s.find(tid(ID.resultR2))).attribute('data-value');
  if (raw !== null && raw !== '') assert.ok(relClose(Number(raw), r2, 1e-12), `result-r2 data-value ${raw} vs ${r2}`);
  const nText = (await (await s.waitFor(tid(ID.resultN))).text()).replace(/[,\s]/g, '');
  assert.equal(nText, String(cli.fit.n), `n on screen vs the CLI's fit.n`);
  // The model table on screen: every CLI term, its estimate's data-value to 1e-9 relative.
  const bad = [];
  for (const c of cli.coefficients) {
    const cell = await s.maybe(`${tid(`coef-row-${c.term}`)} ${tid('coef-estimate')}`);
    const v = cell && Number(await cell.attribute('data-value'));
    if (!cell || !relClose(v, c.estimate)) bad.push(`${c.term}: screen ${cell ? v : 'no row'} vs CLI ${c.estimate}`);
  }
  assert.deepEqual(bad, [], 'model table on screen vs the CLI');
  await idle();
  await shot('4-results', { top: true });
  // The coefficient plot and the model table, further down.
  for (const [id, name] of [['coef-plot', '4b-results-plot'], ['model-table', '4c-results-table']]) {
    const el = await s.maybe(tid(id));
    if (!el) continue;
    await s.execute('arguments[0].scrollIntoView({ block: "start" }); window.scrollBy(0, -70);', [el]);
    await sleep(150);
    await shot(name);
  }
});
axeStep('Results');

step('Results: the key drivers ("What matters most") equal the CLI\'s', async () => {
  const d = cli.drivers;
  assert.ok(d, 'the CLI gives no key drivers for samples/riverside-trust.json (its spec has "drivers": {})');
  const section = await s.waitFor(tid(ID.driversSection), { what: 'the "What matters most" section' });
  await s.waitFor(tid(ID.driversHeadline));
  assert.equal((await text(ID.driversHeadlineText)).trim(), d.headline, 'the headline sentence');
  const bad = [];
  // Each block's share (full precision in data-value).
  for (const b of d.blocks) {
    const el = await s.maybe(tid(ID.driversBlock(b.role)));
    const v = el && Number(await el.attribute('data-value'));
    if (!el || !relClose(v, b.share.percent)) bad.push(`block ${b.role}: screen ${el ? v : 'none'} vs CLI ${b.share.percent}`);
  }
  // Each item's bar, and its point on the quadrant with the CLI's quadrant.
  for (const it of d.items) {
    const row = await s.maybe(tid(ID.driverRow(it.variable)));
    const v = row && Number(await row.attribute('data-value'));
    if (!row || !relClose(v, it.share.percent)) bad.push(`row ${it.variable}: screen ${row ? v : 'none'} vs CLI ${it.share.percent}`);
    const point = await s.maybe(tid(ID.quadrantPoint(it.variable)));
    if (it.quadrant) {
      const q = point && (await point.attribute('data-quadrant'));
      if (q !== it.quadrant) bad.push(`point ${it.variable}: screen ${point ? q : 'none'} vs CLI ${it.quadrant}`);
    } else if (it.performance === null && point) {
      bad.push(`point ${it.variable}: on the chart, but the CLI has no performance for it`);
    }
  }
  assert.deepEqual(bad, [], 'key drivers on screen vs the CLI');
  if (d.quadrant.left_off.length > 0) {
    const left = (await text(ID.quadrantLeftOff)).trim();
    for (const why of d.quadrant.left_off) assert.ok(left.includes(why), `"${why}" not under the chart: "${left}"`);
  }
  // As drawn (real fonts): no two item labels on the quadrant overlap, and all sit in the plot.
  const geometry = await s.execute(`
    const svg = document.querySelector('[data-testid="quadrant-chart"]');
    const frame = svg.querySelector('.frame').getBBox();
    const boxes = [...svg.querySelectorAll('[data-testid^="quadrant-label-"]')].map((t) => {
      const b = t.getBBox();
      return { id: t.dataset.testid, x: b.x, y: b.y, w: b.width, h: b.height };
    });
    return { frame: { x: frame.x, y: frame.y, w: frame.width, h: frame.height }, boxes };`);
  const clash = [];
  const { frame, boxes } = geometry;
  assert.equal(boxes.length, d.items.filter((i) => i.performance !== null).length, 'one label per point');
  for (const [i, a] of boxes.entries()) {
    if (a.x < frame.x - 0.5 || a.y < frame.y - 0.5 || a.x + a.w > frame.x + frame.w + 0.5 || a.y + a.h > frame.y + frame.h + 0.5) clash.push(`${a.id} outside the plot`);
    for (const b of boxes.slice(i + 1)) {
      const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (ix > 0.5 && iy > 0.5) clash.push(`${a.id} overlaps ${b.id}`);
    }
  }
  assert.deepEqual(clash, [], 'quadrant labels as drawn');
  console.log(`key drivers: ${d.items.length} items, ${d.blocks.map((b) => `${b.role} ${b.share.percent.toFixed(1)}%`).join(', ')}; "${d.headline}"`);
  await s.execute('arguments[0].scrollIntoView({ block: "start" }); window.scrollBy(0, -70);', [section]);
  await sleep(200);
  await shot('4e-results-drivers');
  const chart = await s.find(tid(ID.quadrantChart));
  await s.execute('arguments[0].scrollIntoView({ block: "start" }); window.scrollBy(0, -140);', [chart]);
  await sleep(200);
  await shot('4f-results-drivers-charts');
});
axeStep('Results (key drivers)');

step('Results: dark theme (screenshot)', async () => {
  const toggle = await s.maybe(tid('theme-toggle'));
  if (!toggle) return;
  await toggle.click();
  await sleep(300);
  await shot('4d-results-dark', { top: true });
  const chart = await s.maybe(tid(ID.quadrantChart));
  if (chart) {
    await s.execute('arguments[0].scrollIntoView({ block: "start" }); window.scrollBy(0, -140);', [chart]);
    await sleep(200);
    await shot('4g-results-drivers-dark');
  }
}, { independent: true });
axeStep('Results (dark theme)');
test('Results: back to the light theme', async (t) => {
  const toggle = s && (await s.maybe(tid('theme-toggle')));
  if (!toggle) return t.skip('no theme toggle');
  await toggle.click();
  await sleep(300);
});

// --- Export ----------------------------------------------------------------------------------

let exported;
step('Export: the screen offers the Excel report', async () => {
  await goTo('export');
  await s.waitFor(tid(ID.exportXlsx));
  await shot('5-export', { top: true });
});
axeStep('Export');

step('Export: the xlsx is written through the app', async () => {
  assert.ok(SAVE_DIR && existsSync(SAVE_DIR), 'RAPPORT_E2E_SAVE_DIR must be an existing folder');
  await (await s.waitFor(tid(ID.exportXlsx))).click();
  const shownPath = await s.until(async () => {
    const el = await s.maybe(tid(ID.exportWritten));
    const t = el && (await el.text()).trim();
    return t && /\.xlsx\b/i.test(t) ? t : null;
  }, { timeoutMs: 60_000, what: `${ID.exportWritten} to name the written .xlsx (does the app honour RAPPORT_E2E_SAVE_DIR?)` });
  const name = /([^\\/\s"“”]+\.xlsx)\b/i.exec(shownPath)?.[1];
  const candidates = readdirSync(SAVE_DIR).filter((f) => f.toLowerCase().endsWith('.xlsx'));
  exported = join(SAVE_DIR, name && candidates.includes(name) ? name : candidates[0] ?? '(none)');
  assert.ok(existsSync(exported), `no .xlsx in ${SAVE_DIR} (screen says "${shownPath}"; folder has ${JSON.stringify(readdirSync(SAVE_DIR))})`);
  assert.ok(statSync(exported).size > 1000, `${exported} is too small`);
  await shot('5-export-done', { top: true });
});

step('Export: the Model sheet holds the CLI\'s coefficients (1e-9 relative)', async () => {
  const out = execFileSync('python3', [join(HERE, 'read_model_sheet.py'), exported], { encoding: 'utf8', timeout: 60_000 });
  const sheet = JSON.parse(out);
  assert.ok(sheet.sheets.includes('Model'), `sheets in ${basename(exported)}: ${sheet.sheets.join(', ')}`);
  const got = new Map(sheet.coefficients.map((c) => [c.term, c.estimate]));
  assert.equal(sheet.coefficients.length, cli.coefficients.length, 'number of coefficient rows');
  const bad = [];
  for (const c of cli.coefficients) {
    const v = got.get(c.term);
    if (typeof v !== 'number' || !relClose(v, c.estimate)) bad.push(`${c.term}: sheet ${v} vs CLI ${c.estimate}`);
  }
  assert.deepEqual(bad, [], 'coefficients differ');
});

// --- A bad file --------------------------------------------------------------------------------

step('A truncated xlsx shows a readable error and the app stays usable', async () => {
  assert.ok(BAD_FILE && existsSync(BAD_FILE), 'RAPPORT_E2E_OPEN must name the truncated xlsx');
  await goTo('welcome');
  const before = (await s.findAll(tid(ID.errorAlert))).length;
  await (await s.waitFor(tid(ID.openFile))).click();
  const alert = await s.until(async () => {
    const all = await s.findAll(tid(ID.errorAlert));
    return all.length > before ? all[all.length - 1] : null;
  }, { timeoutMs: 30_000, what: `an error alert (${ID.errorAlert}) after ${ID.openFile} (does the app honour RAPPORT_E2E_OPEN?)` });
  const message = (await alert.text()).trim();
  await shot('6-bad-file');
  assert.ok(message.length >= 20, `error too short to help: "${message}"`);
  assert.doesNotMatch(message, /panicked|RUST_BACKTRACE|unwrap\(\)|Os \{ code|Error\(|\bErr\(|ZipError|InvalidArchive|calamine/i, `not in the user's terms: "${message}"`);
  assert.match(message, /riverside-truncated\.xlsx|file|workbook|spreadsheet/i, `does not say which file or what: "${message}"`);
  // Still usable: the sample opens again and its variables show.
  await goTo('welcome').catch(() => {});
  await (await s.waitFor(tid(ID.sampleCard))).click();
  await waitScreen('data', 60_000);
  const words = await wordsIn(await s.waitFor(tid(ID.variablesTable)));
  assert.ok(words.has(spec.outcome), 'the sample did not open after the error');
}, { independent: true });


// --- Survey design and model (issue 4, item 8) ---------------------------------------------------

/** Choose a <select>'s option the way a user does (click it), checking the value took. */
async function choose(id, value) {
  const select = await s.waitFor(tid(id), { what: id });
  // In the middle of the viewport, clear of the sticky top bar.
  await s.execute('arguments[0].scrollIntoView({ block: "center" });', [select]);
  await sleep(100);
  await (await s.find(`${tid(id)} option[value="${value}"]`)).click();
  await s.until(async () => (await select.property('value')) === value, { timeoutMs: 5_000, what: `${id} = ${value}` });
}

/** Run the model and wait for the Results screen. */
async function run() {
  const button = await s.waitFor(tid(ID.runAnalysis));
  await s.until(() => button.enabled(), { what: 'Run analysis to be enabled' });
  await button.click();
  await waitScreen('results', 90_000);
  await idle();
}

/** Every CLI coefficient's estimate on screen (model table data-value), 1e-9 relative. */
async function assertEstimates(expected, what) {
  const bad = [];
  for (const c of expected.coefficients) {
    const cell = await s.maybe(`${tid(`coef-row-${c.term}`)} ${tid('coef-estimate')}`);
    const v = cell && Number(await cell.attribute('data-value'));
    if (!cell || !relClose(v, c.estimate)) bad.push(`${c.term}: screen ${cell ? v : 'no row'} vs CLI ${c.estimate}`);
  }
  assert.deepEqual(bad, [], `model table on screen vs the CLI (${what})`);
}

step('Model: the sample\'s survey design (weight = weight, cluster = ward)', async () => {
  // From a fresh open of the sample, whatever the steps before left on screen (the bad
  // file's error is dismissed: the app stays usable after it).
  for (const dismiss of await s.findAll(tid('error-dismiss'))) await dismiss.click();
  await goTo('welcome');
  await (await s.waitFor(tid(ID.sampleCard))).click();
  await waitScreen('data', 60_000);
  await idle();
  await setUpModel();
  await choose(ID.designWeight, 'weight');
  await choose(ID.designCluster, 'ward');
  const hint = (await text(ID.varianceHint)).trim();
  assert.match(hint, /design-based/i, `standard errors hint with a design set: "${hint}"`);
  await shot('7-model-design', { top: true });
});
axeStep('Model (survey design)');

step('Results: design-based standard errors and the relational block test equal the CLI\'s', async () => {
  await run();
  const variance = await s.waitFor(tid(ID.resultVariance));
  const words = (await variance.text()).trim();
  assert.match(words, /design-based/i, `standard errors on screen: "${words}"`);
  assert.equal(await variance.attribute('data-kind'), cliDesign.model.variance_kind, 'variance kind');
  assert.equal(cliDesign.model.variance_kind, 'design', 'the CLI with a design should default to design-based SEs');
  const design = await s.waitFor(tid(ID.resultDesign));
  assert.equal(Number(await design.attribute('data-psu')), cliDesign.model.design.n_psu, 'clusters (PSUs) on screen vs the CLI');
  // The headline block test: the relational block's, as the CLI computes it.
  const expected = cliDesign.block_tests.find((t) => t.role === 'relational');
  assert.ok(expected, 'the CLI gives no relational block test');
  const card = await s.waitFor(tid(ID.blockTestCard));
  assert.equal(await card.attribute('data-role'), 'relational', 'the block test card is about the relational block');
  const stat = await s.waitFor(tid(ID.blockTestStatistic));
  const shown = (await stat.text()).trim();
  const m = /^(F|χ²)\((\d+)(?:, ([\d.]+))?\) = (−?[\d.]+)$/.exec(shown);
  assert.ok(m, `block test statistic "${shown}" is not "F(df1, df2) = x"`);
  assert.equal(m[1], expected.df_denominator === null ? 'χ²' : 'F', `the test's letter in "${shown}"`);
  assert.equal(Number(m[2]), expected.df, `numerator df in "${shown}"`);
  if (expected.df_denominator !== null) assert.ok(Math.abs(Number(m[3]) - expected.df_denominator) < 0.051, `denominator df in "${shown}" vs ${expected.df_denominator}`);
  const decimals = m[4].split('.')[1]?.length ?? 0;
  assert.equal(Number(m[4]), Number(expected.statistic.toFixed(decimals)), `statistic on screen "${shown}" vs the CLI's ${expected.statistic}`);
  assert.ok(relClose(Number(await stat.attribute('data-value')), expected.statistic, 1e-12), 'block test data-value vs the CLI');
  assert.equal((await text(ID.blockTestText)).trim(), expected.text, 'the block test sentence');
  console.log(`block test: screen "${shown}", CLI ${expected.statistic} (${expected.method}); "${expected.text}"`);
  // The fit with the design is the CLI's too.
  const r2 = Number(await (await s.find(tid(ID.resultR2))).attribute('data-value'));
  assert.ok(relClose(r2, cliDesign.fit.r_squared, 1e-12), `R² ${r2} vs the CLI's ${cliDesign.fit.r_squared}`);
  await assertEstimates(cliDesign, 'with the design');
  await shot('8-results-design', { top: true });
  await s.execute('arguments[0].scrollIntoView({ block: "start" }); window.scrollBy(0, -70);', [card]);
  await sleep(150);
  await shot('8b-results-design-tests');
});
axeStep('Results (survey design)');

step('Results: an ordinal model with the design shows cut-points and odds ratios (as the CLI)', async (t) => {
  if (!cliOrdinal || !(cliOrdinal.thresholds?.length > 0) || cliOrdinal.model.family_kind !== 'ordinal') {
    return t.skip('the engine does not fit ordinal models yet (the CLI gives no cut-points for --family ordinal)');
  }
  await goTo('model');
  await choose(ID.family, 'ordinal');
  await run();
  const rows = await s.findAll(`${tid(ID.thresholds)} [data-testid^="threshold-row-"]`);
  assert.equal(rows.length, cliOrdinal.thresholds.length, 'cut-point rows vs the CLI');
  await assertEstimates(cliOrdinal, 'ordinal');
  const bad = [];
  for (const c of cliOrdinal.coefficients.filter((c) => c.odds_ratio)) {
    const cell = await s.maybe(`${tid(`coef-row-${c.term}`)} ${tid(ID.oddsRatio)}`);
    const v = cell && Number(await cell.attribute('data-value'));
    if (!cell || !relClose(v, c.odds_ratio.estimate)) bad.push(`${c.term}: screen ${cell ? v : 'no cell'} vs CLI ${c.odds_ratio.estimate}`);
  }
  assert.deepEqual(bad, [], 'odds ratios on screen vs the CLI');
  const letter = (await text(ID.modelTableStat)).trim();
  assert.equal(letter, cliOrdinal.model.inference_df === null ? 'z' : 't', 'the model table says t or z as the CLI\'s inference_df');
  await shot('9-results-ordinal', { top: true });
  const table = await s.waitFor(tid(ID.thresholds));
  await s.execute('arguments[0].scrollIntoView({ block: "start" }); window.scrollBy(0, -70);', [table]);
  await sleep(150);
  await shot('9b-results-ordinal-cutpoints');
});
