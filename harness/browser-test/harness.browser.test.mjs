// Smoke test of the WTR plugin + browser helpers in a real browser:
//   TEST_FILES=harness/browser-test/harness.browser.test.mjs npx web-test-runner
import { startOpencode } from '../browser.mjs';

const assert = (cond, msg) => { if (!cond) throw new Error(msg); };

it('starts opencode with auth, scripts the model, restarts, stops', async () => {
  const oc = await startOpencode({ password: 'secret', username: 'alice', steps: [{ text: 'from the browser', chunks: 2 }] });
  assert(oc.url.startsWith('http://127.0.0.1:') && oc.username === 'alice', JSON.stringify(oc));
  const unauth = await fetch(`${oc.url}/global/health`);
  assert(unauth.status === 401, `expected 401, got ${unauth.status}`);
  const health = await (await fetch(`${oc.url}/global/health`, { headers: oc.headers() })).json();
  assert(health.healthy === true, JSON.stringify(health));

  const session = await oc.api('/session', { method: 'POST', body: {} });
  const reply = await fetch(`${oc.url}/session/${session.id}/message`, {
    method: 'POST', headers: { ...oc.headers(), 'content-type': 'application/json' },
    body: JSON.stringify({ parts: [{ type: 'text', text: 'hi' }] }),
  }).then((r) => r.json());
  const text = reply.parts.filter((p) => p.type === 'text').map((p) => p.text).join('');
  assert(text === 'from the browser', text);
  const state = await oc.requests();
  assert(state.requests.length === 1 && state.queued === 0, JSON.stringify(state).slice(0, 200));

  const control = await fetch(`${oc.modelControlUrl}/requests`).then((r) => r.json());
  assert(control.requests.length === 1, 'control API readable from the page (CORS)');

  const { url } = await oc.restart();
  assert(url === oc.url, 'same url after restart');
  const sessions = await oc.api('/session');
  assert(sessions.some((s) => s.id === session.id), 'data survives restart');
  assert(await oc.stop() === true, 'stopped');
});
