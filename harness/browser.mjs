// Browser-side helpers for tests run by @web/test-runner with the plugin from harness/wtr-plugin.mjs.
//
//   import { startOpencode } from '../../harness/browser.mjs';
//   const oc = await startOpencode({ password: 'secret', permission: { bash: 'ask' } });
//   await oc.script({ text: 'Hello', chunks: 3 });
//   ... point the element at oc.url with oc.username / oc.password ...
//   await oc.stop();
import { executeServerCommand } from '@web/test-runner-commands';

/** @param {string} name @param {any} [payload] */
const cmd = (name, payload) => executeServerCommand(`oc-harness:${name}`, payload);

/**
 * Start a real opencode wired to a fresh scripted model server.
 * @param {import('./wtr-plugin.mjs').StartPayload} [options]
 */
export async function startOpencode(options = {}) {
  /** @type {import('./wtr-plugin.mjs').StartResult} */
  const info = /** @type {any} */ (await cmd('start', options));
  const { id } = info;
  return {
    ...info,
    /** Queue model steps (JSON; `match` only in its object form). */
    script: (/** @type {any[]} */ ...steps) => cmd('script', { id, steps }),
    /** `{ requests: body[], titleRequests: number, queued: number, hanging: number }` */
    requests: () => cmd('requests', { id }),
    waitForRequests: (/** @type {number} */ count, timeoutMs = 10_000) => cmd('waitForRequests', { id, count, timeoutMs }),
    release: (/** @type {string|undefined} */ label) => cmd('release', { id, label }),
    resetModel: () => cmd('reset', { id }),
    restart: () => cmd('restart', { id }),
    kill: (signal = 'SIGKILL') => cmd('kill', { id, signal }),
    stop: () => cmd('stop', { id }),
    logs: () => cmd('logs', { id }),
    /** REST setup helper run from Node (no CORS/auth concerns): api('/session', { method: 'POST', body: {} }) */
    api: (/** @type {string} */ path, /** @type {{ method?: string, body?: any }} */ { method, body } = {}) => cmd('api', { id, path, method, body }),
    /** Authorization header value for fetch() from the page, if a password was set. */
    headers: () => (info.authHeader ? { authorization: info.authHeader } : {}),
  };
}

/** Script the model directly over its CORS-enabled control API (no server command round-trip). */
export async function scriptModel(/** @type {string} */ modelControlUrl, /** @type {any[]} */ ...steps) {
  const r = await fetch(`${modelControlUrl}/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ steps }) });
  return r.json();
}
