// axe-core, injected into the page with Execute Async Script and run there.
// The source and the run go in one script, so nothing depends on globals surviving between
// WebDriver calls; the page's CSP does not apply to WebDriver-evaluated scripts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/** Run axe on the current page; returns { violations, incomplete, passes } (trimmed). */
export async function runAxe(session, { timeoutMs = 120_000 } = {}) {
  const script = `
    const done = arguments[arguments.length - 1];
    try {
      if (!window.axe) { ${AXE_SOURCE}
        ; }
      const ax = window.axe || (typeof axe !== 'undefined' ? axe : null);
      if (!ax) { done({ error: 'axe did not load' }); return; }
      ax.run(document, { resultTypes: ['violations'] }).then(
        (r) => done({
          violations: r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary, html: n.html.slice(0, 200) })),
          })),
          passes: r.passes.length,
          incomplete: r.incomplete.length,
        }),
        (e) => done({ error: String(e && e.stack || e) }),
      );
    } catch (e) { done({ error: String(e && e.stack || e) }); }
  `;
  const r = await session.executeAsync(script, [], timeoutMs);
  if (!r || r.error) throw new Error(`axe-core failed in the page: ${r?.error ?? 'no result'}`);
  return r;
}

/** One line per violation node, for the log. */
export function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`);
    for (const n of v.nodes.slice(0, 5)) lines.push(`    at ${n.target.join(' ')}: ${n.html}`);
    if (v.nodes.length > 5) lines.push(`    … and ${v.nodes.length - 5} more`);
  }
  return lines.join('\n');
}
