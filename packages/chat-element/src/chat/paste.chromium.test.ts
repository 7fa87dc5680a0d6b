// Chromium-only: a script cannot build a paste event with files in Firefox (it drops
// `clipboardData` from synthetic paste events), so the Firefox run leaves *.chromium.test.ts out.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { startOpencode } from '../../../../harness/browser.mjs';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { byRole, findByRole, until } from './test-support.js';

let oc: Awaited<ReturnType<typeof startOpencode>>;

async function mount(): Promise<OcChat> {
  const el = await fixture<OcChat>(html`<oc-chat style="height:640px" .server=${oc.url} .auth=${{ username: oc.username, password: oc.password! }}></oc-chat>`);
  await until(() => el.activeConnection?.state.status === 'connected', 'connected');
  return el;
}
const logText = (el: OcChat) => byRole(el, 'log', 'Conversation')?.textContent ?? '';
const idle = (el: OcChat) => until(() => !el.busy && !byRole(el, 'button', 'Stop'), 'idle', 20_000);

describe('<oc-chat> paste', function () {
  this.timeout(90_000);
  before(async () => {
    oc = await startOpencode({ password: 'pw' });
  });
  after(() => oc?.stop());

  it('attaches a pasted file', async () => {
    const data = new DataTransfer();
    data.items.add(new File(['pasted text'], 'clip.txt', { type: 'text/plain' }));
    const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
    const el = await mount();
    const box = await findByRole(el, 'textbox', 'Message');
    box.dispatchEvent(paste);
    await findByRole(el, 'button', 'Remove clip.txt');
    await oc.script({ text: 'Got the clip.' });
    box.focus();
    await sendKeys({ type: 'see attachment' });
    await sendKeys({ press: 'Enter' });
    await until(() => logText(el).includes('Got the clip.'), 'reply');
    const { requests } = (await oc.requests()) as { requests: unknown[] };
    expect(JSON.stringify(requests.at(-1))).to.include('pasted text');
    expect(byRole(el, 'button', 'Remove clip.txt')).to.equal(undefined);
    await idle(el);
  });

});
