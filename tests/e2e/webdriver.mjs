// A tiny W3C WebDriver client over fetch: just what the e2e test needs, with a client-side
// timeout on every request (without a display the session request never answers).
// Spec: https://www.w3.org/TR/webdriver2/

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    const v = value ?? {};
    super(`${method} ${path} -> HTTP ${status}: ${v.error ?? 'error'}: ${v.message ?? JSON.stringify(value)}`);
    this.status = status;
    this.error = v.error;
  }
}

async function request(base, method, path, body, timeoutMs) {
  const url = `${base}${path}`;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new Error(`${method} ${path}: no answer from the driver within ${timeoutMs} ms`);
    }
    throw new Error(`${method} ${path}: ${e.message}${e.cause ? ` (${e.cause.message ?? e.cause})` : ''}`);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new Error(`${method} ${path}: HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!res.ok) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll GET /status until the driver says it is ready. */
export async function waitForDriver(base, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await request(base, 'GET', '/status', undefined, 2_000);
      if (v && v.ready !== false) return v;
      last = new Error(`driver not ready: ${JSON.stringify(v)}`);
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(`WebDriver at ${base} did not come up within ${timeoutMs} ms: ${last?.message}`);
}

export class Element {
  constructor(session, id, label) {
    this.s = session;
    this.id = id;
    this.label = label;
  }
  #p(suffix = '') {
    return `/element/${this.id}${suffix}`;
  }
  click() {
    return this.s.cmd('POST', this.#p('/click'), {});
  }
  text() {
    return this.s.cmd('GET', this.#p('/text'));
  }
  attribute(name) {
    return this.s.cmd('GET', this.#p(`/attribute/${encodeURIComponent(name)}`));
  }
  property(name) {
    return this.s.cmd('GET', this.#p(`/property/${encodeURIComponent(name)}`));
  }
  displayed() {
    return this.s.cmd('GET', this.#p('/displayed'));
  }
  enabled() {
    return this.s.cmd('GET', this.#p('/enabled'));
  }
  clear() {
    return this.s.cmd('POST', this.#p('/clear'), {});
  }
  sendKeys(text) {
    return this.s.cmd('POST', this.#p('/value'), { text });
  }
  findAll(css) {
    return this.s
      .cmd('POST', this.#p('/elements'), { using: 'css selector', value: css })
      .then((els) => els.map((e) => new Element(this.s, e[ELEMENT_KEY], css)));
  }
  toJSON() {
    return { [ELEMENT_KEY]: this.id };
  }
}

export class Session {
  constructor(base, id, capabilities, timeoutMs) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
    this.timeoutMs = timeoutMs;
  }

  /** POST /session with a client timeout (a hung app never answers). */
  static async create(base, capabilities, { timeoutMs = 60_000, commandTimeoutMs = 30_000 } = {}) {
    const v = await request(base, 'POST', '/session', { capabilities }, timeoutMs);
    return new Session(base, v.sessionId, v.capabilities, commandTimeoutMs);
  }

  cmd(method, path, body, timeoutMs = this.timeoutMs) {
    return request(this.base, method, `/session/${this.id}${path}`, body, timeoutMs);
  }

  async delete() {
    try {
      await request(this.base, 'DELETE', `/session/${this.id}`, undefined, 15_000);
    } catch {
      /* the driver is killed by run.sh anyway */
    }
  }

  setTimeouts({ script, pageLoad, implicit }) {
    const t = {};
    if (script !== undefined) t.script = script;
    if (pageLoad !== undefined) t.pageLoad = pageLoad;
    if (implicit !== undefined) t.implicit = implicit;
    return this.cmd('POST', '/timeouts', t);
  }

  title() {
    return this.cmd('GET', '/title');
  }

  async findAll(css) {
    const els = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return els.map((e) => new Element(this, e[ELEMENT_KEY], css));
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, v[ELEMENT_KEY], css);
  }

  /** The first element matching css, or null. */
  async maybe(css) {
    const all = await this.findAll(css);
    return all[0] ?? null;
  }

  /** Wait until css matches a displayed element (polling; the page is a SPA). */
  async waitFor(css, { timeoutMs = 20_000, displayed = true, what } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastErr;
    while (Date.now() < deadline) {
      try {
        for (const el of await this.findAll(css)) {
          if (!displayed || (await el.displayed())) return el;
        }
      } catch (e) {
        lastErr = e;
      }
      await sleep(150);
    }
    throw new Error(
      `timed out after ${timeoutMs} ms waiting for ${what ?? css}${lastErr ? ` (last error: ${lastErr.message})` : ''}`,
    );
  }

  /** Wait until fn() returns a truthy value; returns it. */
  async until(fn, { timeoutMs = 20_000, what = 'condition' } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastErr;
    while (Date.now() < deadline) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        lastErr = e;
      }
      await sleep(150);
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${lastErr.message})` : ''}`);
  }

  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  executeAsync(script, args = [], timeoutMs = 120_000) {
    return this.cmd('POST', '/execute/async', { script, args }, timeoutMs);
  }

  /** Base64 PNG of the viewport. */
  screenshot() {
    return this.cmd('GET', '/screenshot', undefined, 60_000);
  }

  /** Send keys to whatever has focus (W3C actions, key source). */
  async keys(...keys) {
    const actions = [];
    for (const k of keys) {
      actions.push({ type: 'keyDown', value: k }, { type: 'keyUp', value: k });
    }
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'kbd', actions }] });
    await this.cmd('DELETE', '/actions').catch(() => {});
  }
}

/** WebDriver key codes (W3C §17.4.2). */
export const Key = {
  Enter: '\uE007',
  Tab: '\uE004',
  Escape: '\uE00C',
  Space: '\uE00D',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Home: '\uE011',
  End: '\uE010',
};

/** CSS selector for a data-testid. */
export const tid = (id) => `[data-testid="${id}"]`;
