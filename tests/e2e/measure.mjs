// Desktop figures for the README and issue notes (not a test: no pass/fail, no time limits).
// Run through the harness so the app has a display and a fresh profile:
//   RAPPORT_E2E_APP=target/release/rapport-desktop E2E_OPEN=$PWD/bench/data/riverside-100000.xlsx \
//     bash tests/e2e/run.sh measure.mjs
// Prints: cold start to first paint (launch → the Welcome screen's button is displayed, median
// of 3 launches, WebDriver session set-up included), time from "open the 100k-row file" to the
// Data screen's variables table, and resident memory (app + its WebKit processes) with it open.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { Session, tid, waitForDriver } from './webdriver.mjs';

const APP = process.env.RAPPORT_E2E_APP;
const DRIVER = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const caps = { alwaysMatch: { 'tauri:options': { application: APP } } };

async function launch() {
  const t0 = performance.now();
  const s = await Session.create(DRIVER, caps, { timeoutMs: 90_000, commandTimeoutMs: 60_000 });
  await s.waitFor(tid('welcome-open'), { timeoutMs: 60_000 });
  return { s, ms: performance.now() - t0 };
}

/** Resident set size in MiB of a process and all its descendants. */
function treeRssMiB(pid) {
  const children = (p) => {
    try {
      return execFileSync('pgrep', ['-P', String(p)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const rss = (p) => {
    const m = readFileSync(`/proc/${p}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : 0;
  };
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  return { app: rss(pid), total: all.reduce((sum, p) => sum + rss(p), 0), processes: all.length };
}

await waitForDriver(DRIVER);
const starts = [];
for (let i = 0; i < 3; i++) {
  const { s, ms } = await launch();
  starts.push(ms);
  if (i < 2) await s.delete();
  else {
    const t0 = performance.now();
    await (await s.find(tid('welcome-open'))).click();
    await s.waitFor(tid('variables-table'), { timeoutMs: 300_000 });
    const loadMs = performance.now() - t0;
    const pid = Number(execFileSync('pgrep', ['-n', '-f', APP], { encoding: 'utf8' }).trim());
    const mem = treeRssMiB(pid);
    starts.sort((a, b) => a - b);
    console.log(`cold start to first paint: median ${starts[1].toFixed(0)} ms (runs ${starts.map((m) => m.toFixed(0)).join(', ')})`);
    console.log(`open 100k-row file to Data screen: ${loadMs.toFixed(0)} ms`);
    console.log(`resident memory with it open: app ${mem.app.toFixed(0)} MiB, app + WebKit processes ${mem.total.toFixed(0)} MiB (${mem.processes} processes)`);
    console.log(`binary size: ${(statSync(APP).size / 2 ** 20).toFixed(1)} MiB (${APP})`);
    await s.delete();
  }
}
