// Developer check of webdriver.mjs and the axe injection without the app: drives any WebKitGTK
// binary (e.g. WebKit's MiniBrowser, which needs the --automation argument that a Tauri app
// does not) through tauri-driver. Not part of the test run.
//   xvfb-run -a -s "-screen 0 1920x1080x24" sh -c 'tauri-driver --port 4444 & sleep 1; \
//     node smoke-client.mjs /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser; kill %1'
import { writeFileSync, mkdirSync } from 'node:fs';
import { Session, waitForDriver } from './webdriver.mjs';
import { runAxe } from './axe.mjs';

const base = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
await waitForDriver(base, { timeoutMs: 10_000 });
const s = await Session.create(base, { alwaysMatch: { 'tauri:options': { application: process.argv[2], args: ['--automation'] } } }, { timeoutMs: 30_000 });
try {
  await s.setTimeouts({ script: 60_000 });
  await s.execute(`document.body.innerHTML = '<main><h1>Hi</h1><img src="x.png"><button data-testid="b"></button><p style="color:#eee;background:#fff">low contrast</p></main>'; document.documentElement.lang='en'; document.title='t';`);
  const b = await s.find('[data-testid="b"]');
  console.log('displayed', await b.displayed(), 'title', await s.title());
  console.log('text', JSON.stringify(await (await s.find('h1')).text()));
  const r = await runAxe(s);
  console.log('axe', r.violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length})`));
  mkdirSync('screenshots', { recursive: true });
  writeFileSync('screenshots/smoke.png', Buffer.from(await s.screenshot(), 'base64'));
  console.log('ok');
} finally {
  await s.delete();
}
