// Chromium-only: emulating prefers-color-scheme needs the DevTools protocol, which Firefox over
// WebDriver BiDi does not offer, so the Firefox run leaves *.chromium.test.ts out.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { offlineConnection } from './test-support.js';

const background = (el: OcChat) => getComputedStyle(el).backgroundColor;

describe('theming (color scheme)', () => {
  it('follows prefers-color-scheme unless theme is set', async () => {
    const el = await fixture<OcChat>(html`<oc-chat .connection=${offlineConnection()}></oc-chat>`);
    await emulateMedia({ colorScheme: 'light' });
    expect(background(el)).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(el)).to.equal('rgb(21, 23, 28)');
    el.theme = 'light';
    await el.updateComplete;
    expect(background(el)).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'light' });
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(background(el)).to.equal('rgb(21, 23, 28)');
    await emulateMedia({ colorScheme: 'light' });
  });

});
