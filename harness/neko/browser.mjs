// Browser-side helpers for tests run by @web/test-runner with harness/neko/wtr-plugin.mjs.
//
//   import { startNeko } from '../../../../harness/neko/browser.mjs';
//   const neko = await startNeko();                 // real dev server, CORS open to this test page
//   el.server = neko.url; el.auth = { username: 'alice', password: 'neko' };
//   await neko.state();                             // the REMOTE page's __state() over CDP
//   await neko.stop();
import { executeServerCommand } from '@web/test-runner-commands';

/** @param {string} name @param {any} [payload] */
const cmd = (name, payload) => executeServerCommand(`neko:${name}`, payload);

/**
 * @typedef {{ count: number, text: string, scrollY: number, focused: string | null, innerWidth: number,
 *   innerHeight: number, outerWidth: number, outerHeight: number, screenX: number, screenY: number, chromeTop: number }} RemoteState
 * @typedef {{ x: number, y: number, width: number, height: number }} Rect
 * @typedef {{ sessionId: string, kind: 'ws' | 'dc', op: string, t: number }} InputRecord
 */

/**
 * Start a neko-v3-compatible dev server for this test page (its origin is added to NEKO_SERVER_CORS).
 * @param {{ width?: number, height?: number, fps?: number, env?: Record<string, string>, cors?: string[] }} [options]
 */
export async function startNeko(options = {}) {
  /** @type {{ id: string, url: string, port: number, cdpUrl: string, cdpPort: number, pageUrl: string, width: number, height: number }} */
  const info = /** @type {any} */ (await cmd('start', { ...options, origin: location.origin }));
  const { id } = info;
  const neko = {
    ...info,
    /** Like a neko restart: every session dropped ("connection shutdown"), fresh remote browser. */
    restart: async () => Object.assign(neko, await cmd('restart', { id })),
    stop: () => cmd('stop', { id }),
    /** Runtime.evaluate in the remote page (awaits promises, returns by value). */
    eval: (/** @type {string} */ expression) => cmd('eval', { id, expression }),
    /** @returns {Promise<RemoteState>} */
    state: () => /** @type {any} */ (cmd('state', { id })),
    /** Remote element box in remote screen pixels. @returns {Promise<Rect>} */
    rect: (/** @type {string} */ elementId) => /** @type {any} */ (cmd('rect', { id, elementId })),
    /** Clear the remote input, scroll to top, blur, empty __events. @returns {Promise<RemoteState>} */
    resetPage: () => /** @type {any} */ (cmd('resetPage', { id })),
    /** @returns {Promise<{ id: string, name: string, isHost: boolean, connected: boolean, watching: boolean }[]>} */
    sessions: () => /** @type {any} */ (cmd('sessions', { id })),
    setHost: (/** @type {string | null} */ sessionId) => cmd('setHost', { id, sessionId }),
    /** @returns {Promise<InputRecord[]>} */
    input: (/** @type {string | undefined} */ sessionId, since = 0) => /** @type {any} */ (cmd('input', { id, sessionId, since })),
    dropSocket: (/** @type {string} */ sessionId) => cmd('dropSocket', { id, sessionId }),
    killPeer: (/** @type {string} */ sessionId, silent = false) => cmd('killPeer', { id, sessionId, silent }),
    /** @returns {Promise<{ packets: number, bytes: number }>} */
    videoStats: () => /** @type {any} */ (cmd('videoStats', { id })),
    /** @returns {Promise<string[]>} */
    logs: () => /** @type {any} */ (cmd('logs', { id })),
  };
  return neko;
}

/** A real mouse-wheel event at a position of this (test) page, CSS px. */
export function sendWheel(/** @type {{ position: [number, number], deltaX?: number, deltaY?: number }} */ payload) {
  return cmd('wheel', payload);
}

/** Stop every dev server this test run started (they are also stopped when the runner stops). */
export function stopAllNeko() {
  return cmd('stopAll');
}
