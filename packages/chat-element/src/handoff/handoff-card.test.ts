// The card on its own: real clicks, the events it sends, and when its buttons wait.
import { expect, fixture, html } from '@open-wc/testing';
import '../oc-handoff-card.js';
import type { OcHandoffCard } from './handoff-card.js';
import { byRole } from '../chat/test-support.js';

describe('<oc-handoff-card>', () => {
  it('sends the answer with its note once, and offers it again after the human took control anew', async () => {
    const el = await fixture<OcHandoffCard>(html`<oc-handoff-card reason="Log in, please" driving></oc-handoff-card>`);
    const answers: unknown[] = [];
    el.addEventListener('oc-handoff-complete', (e) => answers.push((e as CustomEvent).detail));
    const note = byRole(el.shadowRoot!, 'textbox', 'Note for the agent (optional)') as HTMLInputElement;
    note.value = 'no account';
    note.dispatchEvent(new Event('input'));
    byRole(el.shadowRoot!, 'button', "Couldn't")!.click();
    await el.updateComplete;
    expect(answers).to.deep.equal([{ result: 'failed', note: 'no account' }]);
    expect((byRole(el.shadowRoot!, 'button', 'Done') as HTMLButtonElement).disabled).to.equal(true);

    // The completion failed after the hand back; the human takes control again.
    el.driving = false;
    await el.updateComplete;
    expect(byRole(el.shadowRoot!, 'button', 'Take control')).to.exist;
    el.driving = true;
    await el.updateComplete;
    const done = byRole(el.shadowRoot!, 'button', 'Done') as HTMLButtonElement;
    expect(done.disabled).to.equal(false);
    done.click();
    expect(answers.at(-1)).to.deep.equal({ result: 'done', note: 'no account' });
  });
});
