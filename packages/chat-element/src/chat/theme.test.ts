import { expect, fixture, html } from '@open-wc/testing';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { offlineConnection } from './test-support.js';

const background = (el: OcChat) => getComputedStyle(el).backgroundColor;


describe('theming', () => {
  it('takes --oc-* custom properties from the page', async () => {
    const el = await fixture<OcChat>(html`<oc-chat style="--oc-color-background: rgb(1, 2, 3)" .connection=${offlineConnection()}></oc-chat>`);
    expect(background(el)).to.equal('rgb(1, 2, 3)');
  });

  it('puts a part on every structural node', async () => {
    const el = await fixture<OcChat>(html`<oc-chat .connection=${offlineConnection()}></oc-chat>`);
    for (const part of ['header', 'body', 'footer', 'composer', 'input', 'composer-toolbar', 'model-picker', 'agent-picker']) {
      expect(el.shadowRoot!.querySelector(`[part~="${part}"]`), part).to.exist;
    }
  });
});
