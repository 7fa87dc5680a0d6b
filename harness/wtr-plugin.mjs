// @web/test-runner plugin: lets browser tests start real opencode + scripted-model pairs through
// `executeServerCommand` (use harness/browser.mjs for a friendly wrapper).
//
//   // web-test-runner.config.mjs
//   import { opencodeHarness } from './harness/wtr-plugin.mjs';
//   export default { plugins: [opencodeHarness()] };
import { startModelServer } from './model-server.mjs';
import { startOpencode } from './opencode.mjs';

/**
 * Options a browser test may pass to `oc-harness:start` (JSON only, so no `match` functions).
 * @typedef {{ password?: string, username?: string, cors?: string[], permission?: object, config?: object,
 *   env?: Record<string,string>, defaultModel?: string, steps?: import('./model-server.mjs').Step[],
 *   browserMcp?: { cdpEndpoint: string, timeoutMs?: number } }} StartPayload
 *   `browserMcp`: attach the Playwright MCP server (as `mcp.playwright`, merged into `config.mcp`) to this
 *   CDP endpoint, and resolve only once opencode reports it connected.
 * @typedef {{ id: string, url: string, modelControlUrl: string, modelUrl: string, projectDir: string,
 *   username?: string, password?: string, authHeader?: string }} StartResult
 */

/** @param {{ log?: boolean }} [pluginOptions] */
export function opencodeHarness(pluginOptions = {}) {
  /** @type {Map<string, { oc: import('./opencode.mjs').Opencode, model: Awaited<ReturnType<typeof startModelServer>>, session: string }>} */
  const pairs = new Map();
  let next = 0;

  const get = (id) => {
    const p = pairs.get(id);
    if (!p) throw new Error(`oc-harness: no opencode with id ${JSON.stringify(id)} (already stopped?)`);
    return p;
  };
  const stopPair = async (id) => {
    const p = pairs.get(id);
    if (!p) return false;
    pairs.delete(id);
    await p.oc.stop().catch(() => {});
    await p.model.close().catch(() => {});
    return true;
  };

  /** @type {Record<string, (payload: any, sessionId: string) => Promise<unknown>>} */
  const commands = {
    /** @param {StartPayload} payload @returns {Promise<StartResult>} */
    async start(payload = {}, sessionId) {
      const { steps, ...opts } = payload;
      const model = await startModelServer();
      if (steps?.length) model.script(...steps);
      try {
        const oc = await startOpencode({ ...opts, model });
        if (opts.browserMcp && oc.mcpStatus !== 'connected') {
          await oc.stop().catch(() => {});
          throw new Error(`oc-harness: the Playwright MCP server did not connect (status ${oc.mcpStatus})\n${oc.logs().slice(-2000)}`);
        }
        const id = `oc${++next}`;
        pairs.set(id, { oc, model, session: sessionId });
        if (pluginOptions.log) console.log(`[oc-harness] ${id} opencode ${oc.url} (healthy in ${oc.startupMs} ms)`);
        return { id, url: oc.url, modelUrl: model.url, modelControlUrl: model.controlUrl, projectDir: oc.projectDir,
          username: oc.username, password: oc.password, authHeader: oc.authHeader };
      } catch (err) {
        await model.close();
        throw err;
      }
    },
    async script({ id, steps }) { get(id).model.script(...steps); return { queued: get(id).model.queued }; },
    async requests({ id }) { return get(id).model.state(); },
    async reset({ id }) { get(id).model.reset(); return true; },
    async release({ id, label }) { return get(id).model.release(label); },
    async waitForRequests({ id, count, timeoutMs }) { await get(id).model.waitForRequests(count, timeoutMs); return get(id).model.requests.length; },
    async restart({ id }) { const { oc } = get(id); await oc.restart(); return { url: oc.url, startupMs: oc.startupMs }; },
    async kill({ id, signal }) { await get(id).oc.kill(signal); return true; },
    async stop({ id }) { return stopPair(id); },
    /** REST call as a setup helper: { id, path, method?, body? } → parsed JSON (throws on non-2xx). */
    async api({ id, path, method, body }) { return get(id).oc.api(path, { method, body }); },
    async logs({ id }) { return get(id).oc.logs(); },
  };

  return {
    name: 'oc-harness',
    /** @param {{ command: string, payload?: any, session: { id: string } }} args */
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('oc-harness:')) return undefined;
      const fn = commands[command.slice('oc-harness:'.length)];
      if (!fn) throw new Error(`oc-harness: unknown command ${command}`);
      return fn(payload ?? {}, session.id);
    },
    async serverStop() {
      await Promise.all([...pairs.keys()].map(stopPair));
    },
  };
}

export default opencodeHarness;
