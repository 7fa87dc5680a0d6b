// How <oc-chat> picks its connection: its own from `server`, or a shared one (property/context).
import { expect, fixture, html } from '@open-wc/testing';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { byRole, findByRole, offlineConnection, until } from './test-support.js';

describe('connection wiring', () => {
  it('makes its own connection from `server` and reports an unreachable server in an alert', async () => {
    const el = await fixture<OcChat>(html`<oc-chat server="http://127.0.0.1:9"></oc-chat>`);
    const alert = await findByRole(el, 'alert');
    expect(alert.textContent).to.include('Cannot reach the opencode server at http://127.0.0.1:9');
    expect(byRole(alert, 'button', 'Retry now')).to.exist;
  });

  it('drops its own connection when a shared one is given, and never stops the shared one', async () => {
    const el = await fixture<OcChat>(html`<oc-chat server="http://127.0.0.1:9"></oc-chat>`);
    const own = await until(() => el.activeConnection, 'own connection');
    const shared = offlineConnection();
    el.connection = shared;
    await el.updateComplete;
    expect(el.activeConnection).to.equal(shared);
    expect(own.state.status).to.equal('closed');
    el.remove();
    expect(shared.state.status).not.to.equal('closed');
  });

  it('rebuilds its own connection when the server changes', async () => {
    const el = await fixture<OcChat>(html`<oc-chat server="http://127.0.0.1:9"></oc-chat>`);
    const first = await until(() => el.activeConnection, 'first');
    el.server = 'http://127.0.0.1:10';
    await el.updateComplete;
    expect(el.activeConnection).not.to.equal(first);
    expect(first.state.status).to.equal('closed');
    expect(el.activeConnection!.http.server).to.equal('http://127.0.0.1:10');
  });
});
