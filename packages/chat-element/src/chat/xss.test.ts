import { expect, fixture, html } from '@open-wc/testing';
import '../oc-chat.js';
import type { OcChat } from './chat.component.js';
import { renderMarkdown } from './markdown.js';
import { startOpencode } from '../../../../harness/browser.mjs';
import { Feed, byRole, deepElements, until } from './test-support.js';
import { XSS_PAYLOADS } from './xss-payloads.js';

declare global {
  interface Window {
    __xss?: unknown;
  }
}

const settle = () => new Promise((r) => setTimeout(r, 400));

/** Nothing in the rendered tree may be able to run script, now or on interaction. */
function assertInert(root: ParentNode): void {
  for (const el of deepElements(root)) {
    const tag = el.tagName.toLowerCase();
    // Lit's own styles are adopted stylesheets, so no <style> element may appear at all.
    const forbidden = ['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'meta', 'link', 'style'];
    if (el.closest('.md') && !el.matches('button[data-oc-copy]')) expect(['form', 'input', 'button', 'textarea', 'select'], `<${tag}> in markdown`).not.to.include(tag);
    expect(forbidden, `<${tag}> rendered`).not.to.include(tag);
    for (const attr of el.getAttributeNames()) {
      expect(attr.startsWith('on'), `${tag}[${attr}] rendered`).to.equal(false);
      if (['href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'srcset', 'background', 'data'].includes(attr)) {
        // Our own thumbnails may carry raster data URLs; nothing else but http(s)/mailto.
        const allowed = tag === 'img' && attr === 'src' && el.matches('[part~="attachment-image"]') ? /^data:image\/(png|jpeg|gif|webp);base64,/ : /^(https?:|mailto:)/i;
        expect(el.getAttribute(attr)!.trim(), `${tag}[${attr}]`).to.match(allowed);
      }
    }
    if (tag === 'a' && el.hasAttribute('href')) {
      expect(el.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(el.getAttribute('target')).to.equal('_blank');
    }
  }
}

describe('XSS: untrusted text never executes', () => {
  beforeEach(() => {
    delete window.__xss;
  });

  it('has at least 100 payloads', () => {
    expect(XSS_PAYLOADS.length).to.be.at.least(100);
  });

  it('markdown renderer: every payload is sanitized', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    for (const payload of XSS_PAYLOADS) host.append(renderMarkdown(payload, { copyLabel: 'Copy code' }));
    await settle();
    // Hover and focus everything, as a user might.
    for (const el of deepElements(host)) {
      el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      (el as HTMLElement).focus?.();
    }
    await settle();
    expect(window.__xss).to.equal(undefined);
    assertInert(host);
    // Safe links survive, hardened.
    expect(host.querySelectorAll('a[href^="https://ok.example"]').length).to.be.greaterThan(0);
    host.remove();
  });

  it('model text, reasoning, tool output, titles, questions, permissions and todos', async () => {
    const feed = new Feed();
    const el = await fixture<OcChat>(html`<oc-chat .connection=${feed.connection}></oc-chat>`);
    const sessions = XSS_PAYLOADS.slice(0, 30).map((p) => feed.session(p));
    const main = feed.session(XSS_PAYLOADS[2]!);
    const user = feed.user(main.id, XSS_PAYLOADS.join('\n'));
    XSS_PAYLOADS.slice(0, 10).forEach((payload, i) => {
      const url = [`javascript:window.__xss=1`, `data:text/html,<script>window.__xss=1</script>`, `data:image/svg+xml,<svg onload="window.__xss=1"/>`][i % 3]!;
      feed.part({ id: `prt_file_${i}`, sessionID: main.id, messageID: user, type: 'file', mime: 'image/png', url, filename: payload } as never);
    });
    const assistant = feed.assistant(main.id, user, {
      error: { name: 'APIError', data: { message: XSS_PAYLOADS[6], isRetryable: false } },
    });
    XSS_PAYLOADS.forEach((payload, i) => {
      feed.text(main.id, assistant, payload);
      if (i % 3 === 0) feed.text(main.id, assistant, payload, 'reasoning');
      feed.tool(main.id, assistant, 'bash', {
        status: i % 2 ? 'completed' : 'running',
        input: { command: payload, description: payload },
        output: payload,
        title: payload,
        metadata: { output: payload, exit: 0 },
        time: { start: 1, end: 2 },
      });
    });
    feed.tool(main.id, assistant, 'webfetch', { status: 'completed', input: { url: `javascript:window.__xss=1` }, output: XSS_PAYLOADS.join('\n'), title: 'x', metadata: {}, time: { start: 1, end: 2 } });
    feed.tool(main.id, assistant, 'my_mcp_tool', { status: 'completed', input: { a: XSS_PAYLOADS[0] }, output: XSS_PAYLOADS.join(''), title: XSS_PAYLOADS[3], metadata: {}, time: { start: 1, end: 2 } });
    feed.tool(main.id, assistant, 'edit', { status: 'completed', input: { filePath: XSS_PAYLOADS[4], oldString: XSS_PAYLOADS[5], newString: XSS_PAYLOADS[7] }, output: '', title: '', metadata: { diff: XSS_PAYLOADS.join('\n') }, time: { start: 1, end: 2 } });
    const callID = feed.tool(main.id, assistant, 'bash', { status: 'running', input: { command: XSS_PAYLOADS[8] }, time: { start: 1 } });
    feed.permission({ sessionID: main.id, permission: XSS_PAYLOADS[9]!, patterns: XSS_PAYLOADS.slice(0, 20), metadata: { command: XSS_PAYLOADS[10] }, always: [], tool: { messageID: assistant, callID } });
    const qCall = feed.tool(main.id, assistant, 'question', { status: 'running', input: {}, time: { start: 1 } });
    feed.question({
      sessionID: main.id,
      questions: XSS_PAYLOADS.slice(0, 20).map((p, i) => ({ question: p, header: XSS_PAYLOADS[i + 20]!, options: [{ label: XSS_PAYLOADS[i + 40]!, description: XSS_PAYLOADS[i + 60]! }] })),
      tool: { messageID: assistant, callID: qCall },
    });
    feed.dispatch('todo.updated', { sessionID: main.id, todos: XSS_PAYLOADS.map((p) => ({ content: p, status: 'pending', priority: 'high' })) });
    feed.flush();
    el.session = main.id;
    el.theme = 'light';
    await el.updateComplete;
    // Model text must have gone through the real markdown pipeline, not the plain-text fallback.
    await until(() => el.shadowRoot!.querySelectorAll('[part~="text"] .md').length >= XSS_PAYLOADS.length, 'markdown rendered');
    // Open every <details> so collapsed content renders and toggles.
    for (const d of el.shadowRoot!.querySelectorAll('details')) d.open = true;
    await settle();
    // The session list too (titles are untrusted).
    (el.shadowRoot!.querySelector('[part~="sessions-toggle"]') as HTMLButtonElement).click();
    await el.updateComplete;
    await settle();
    for (const node of deepElements(el.shadowRoot!)) node.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await settle();
    expect(window.__xss).to.equal(undefined);
    assertInert(el.shadowRoot!);
    expect(sessions.length).to.equal(30);
    // The payload text is still shown as text.
    expect(el.shadowRoot!.textContent).to.include('window.__xss=1');
  });
});

describe('XSS through the real opencode server', function () {
  this.timeout(120_000);
  let oc: Awaited<ReturnType<typeof startOpencode>>;
  before(async () => {
    oc = await startOpencode({ password: 'pw', permission: { bash: 'allow', edit: 'allow' } });
  });
  after(() => oc?.stop());
  beforeEach(() => {
    delete window.__xss;
  });

  it('model text, a written file and its name, bash output, session titles and question labels stay inert', async () => {
    const api = (path: string, body?: unknown) => oc.api(path, { method: body === undefined ? 'GET' : 'POST', body }) as Promise<{ id: string }>;
    for (const title of XSS_PAYLOADS.slice(0, 15)) await api('/session', { title });
    const main = await api('/session', { title: XSS_PAYLOADS[2] });
    const fileName = `${oc.projectDir}/<img src=x onerror=window.__xss=1>.md`;
    await oc.script(
      { text: XSS_PAYLOADS.join('\n\n'), chunks: 10, tool: 'write', args: { filePath: fileName, content: XSS_PAYLOADS.join('\n') } },
      { match: { lastRole: 'tool' }, tool: 'bash', args: { command: `cat '${fileName}'`, description: XSS_PAYLOADS[0] } },
      {
        match: { lastRole: 'tool' },
        tool: 'question',
        args: { questions: [{ question: XSS_PAYLOADS[1], header: 'Pick', options: XSS_PAYLOADS.slice(20, 30).map((label) => ({ label, description: label })) }] },
      },
    );
    const el = await fixture<OcChat>(html`<oc-chat style="height:640px" .server=${oc.url} .auth=${{ password: 'pw' }} session=${main.id}></oc-chat>`);
    await until(() => el.activeConnection?.state.status === 'connected', 'connected');
    await oc.api(`/session/${main.id}/prompt_async`, { method: 'POST', body: { parts: [{ type: 'text', text: XSS_PAYLOADS.slice(30, 60).join('\n') }] } });
    await until(() => byRole(el, 'button', /dismiss/i), 'the question prompt', 60_000);
    await until(() => (el.shadowRoot!.textContent ?? '').includes('onerror=window.__xss=1'), 'payload text shown');
    for (const d of el.shadowRoot!.querySelectorAll('details')) d.open = true;
    (el.shadowRoot!.querySelector('[part~="sessions-toggle"]') as HTMLButtonElement).click();
    await el.updateComplete;
    await settle();
    for (const node of deepElements(el.shadowRoot!)) {
      node.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      (node as HTMLElement).focus?.();
    }
    await settle();
    expect(window.__xss).to.equal(undefined);
    assertInert(el.shadowRoot!);
    (byRole(el, 'button', /dismiss/i) as HTMLButtonElement).click();
    await until(() => !byRole(el, 'button', 'Stop'), 'idle', 20_000);
  });
});
