// Streaming into a long session must stay cheap: only the newest turn re-renders per frame.
import { expect, fixture, html } from '@open-wc/testing';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { Feed } from './test-support.js';

describe('rendering cost', () => {
  it('streams 300 deltas into a 150-turn session quickly', async function () {
    this.timeout(60_000);
    const feed = new Feed();
    const el = await fixture<OcChat>(html`<oc-chat style="height:600px" .connection=${feed.connection}></oc-chat>`);
    const session = feed.session('Long');
    for (let i = 0; i < 150; i++) {
      const user = feed.user(session.id, `Question ${i}`);
      const a = feed.assistant(session.id, user);
      feed.text(session.id, a, `Answer ${i} with **markdown**, a list:\n\n- one\n- two\n\n\`\`\`js\nconst n = ${i};\n\`\`\``);
      feed.tool(session.id, a, 'bash', { status: 'completed', input: { command: `echo ${i}` }, output: `${i}\n`, title: 'echo', metadata: { output: `${i}\n`, exit: 0 }, time: { start: 1, end: 2 } });
    }
    feed.flush();
    el.session = session.id;
    await el.updateComplete;
    const user = feed.user(session.id, 'Stream now');
    const a = feed.assistant(session.id, user);
    const partID = 'prt_zzzzzzzzzzzzzzzzzzzz';
    feed.part({ id: partID, sessionID: session.id, messageID: a, type: 'text', text: '', time: { start: Date.now() } } as never);
    feed.dispatch('session.status', { sessionID: session.id, status: { type: 'busy' } });
    const started = performance.now();
    for (let i = 0; i < 300; i++) {
      feed.dispatch('message.part.delta', { sessionID: session.id, messageID: a, partID, field: 'text', delta: i % 40 === 39 ? ' word\n\n' : ' word' });
      feed.flush();
      await el.updateComplete;
    }
    const perFrame = (performance.now() - started) / 300;
    console.log(`per delta render: ${perFrame.toFixed(2)} ms`);
    expect(el.shadowRoot!.textContent).to.include('word word');
    // ~0.5 ms here when only the newest turn re-renders, ~5 ms when every turn does (measured in
    // dev-mode Lit); the bound leaves room for a loaded 2-core CI box but catches the regression.
    expect(perFrame).to.be.lessThan(3);
  });
});
