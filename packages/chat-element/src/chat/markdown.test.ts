import { expect } from '@open-wc/testing';
import { MarkdownCache, renderMarkdown, splitBlocks } from './markdown.js';
import { tokenize } from './highlight.js';
import { until } from './test-support.js';

const opts = { copyLabel: 'Copy code' };

describe('markdown', () => {
  it('renders markdown, opening links in a new tab without opener or referrer', () => {
    const el = renderMarkdown('Hello **bold** [site](https://example.com) and <mailto:a@b.c>', opts);
    expect(el.querySelector('strong')!.textContent).to.equal('bold');
    const links = [...el.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.com', 'mailto:a@b.c']);
    for (const a of links) {
      expect(a.getAttribute('target')).to.equal('_blank');
      expect(a.getAttribute('rel')).to.equal('noopener noreferrer');
    }
  });

  it('keeps only http, https and mailto URLs', () => {
    const el = renderMarkdown(
      '[a](javascript:alert(1)) [b](data:text/html,x) [c](/relative) [d](ftp://x.y) [e](http://ok.example) ![i](https://img.example/x.png) ![j](data:image/png;base64,AAAA)',
      opts,
    );
    const hrefs = [...el.querySelectorAll('[href]')].map((a) => a.getAttribute('href'));
    expect(hrefs).to.deep.equal(['http://ok.example']);
    const srcs = [...el.querySelectorAll('[src]')].map((i) => i.getAttribute('src'));
    expect(srcs).to.deep.equal(['https://img.example/x.png']);
  });

  it('adds a copy button to code blocks and highlights them from a lazily loaded chunk', async () => {
    const el = renderMarkdown('```ts\nconst x = "s"; // note\n```', opts);
    document.body.append(el);
    const button = el.querySelector('button[data-oc-copy]')!;
    expect(button.textContent).to.equal('Copy code');
    const code = el.querySelector('code')!;
    await until(() => code.dataset.highlighted, 'highlighting');
    expect(code.querySelector('.tok-keyword')!.textContent).to.equal('const');
    expect(code.querySelector('.tok-string')!.textContent).to.equal('"s"');
    expect(code.textContent).to.equal('const x = "s"; // note\n');
    el.remove();
  });

  it('renders a plain paragraph as text, escapes included, exactly as the sanitized path would', () => {
    const el = renderMarkdown('Plain words & "quotes", it\'s 3 > 2 &lt;tag&gt;', opts);
    expect(el.innerHTML).to.equal('<p>Plain words &amp; "quotes", it\'s 3 &gt; 2 &lt;tag&gt;</p>\n');
    // The same nodes as a paragraph that went through the sanitizer (here because of the emphasis).
    const sanitized = renderMarkdown('Plain *words*', opts);
    expect([...sanitized.childNodes].map((n) => n.nodeName)).to.deep.equal([...el.childNodes].map((n) => n.nodeName));
    // Anything else (a named entity, markup, a line break) still goes through the sanitizer.
    expect(renderMarkdown('a &copy; b', opts).textContent).to.equal('a © b\n');
    const hostile = renderMarkdown('a\n<img src=x onerror=alert(1)>', opts);
    expect(hostile.querySelector('p')!.textContent).to.equal('a');
    expect(hostile.innerHTML).not.to.include('onerror');
  });

  it('splits streaming text into blocks outside code fences', () => {
    expect(splitBlocks('a\n\nb\n\n```\nx\n\ny\n```\n\nc')).to.deep.equal(['a', 'b', '```\nx\n\ny\n```', 'c']);
  });

  it('re-renders only the block that changed while streaming; a growing plain paragraph is updated in place', () => {
    const cache = new MarkdownCache(opts);
    const first = cache.render('p1', 'First *paragraph*.\n\nSecond');
    const text = first[1]!.querySelector('p')!.firstChild;
    const next = cache.render('p1', 'First *paragraph*.\n\nSecond grows & 3 < 4 "q"');
    expect(next[0]).to.equal(first[0]);
    // The same element and text node, with the new text appended: the browser re-lays out only that.
    expect(next[1]).to.equal(first[1]);
    expect(next[1]!.querySelector('p')!.firstChild).to.equal(text);
    expect(next[1]!.innerHTML).to.equal(renderMarkdown('Second grows & 3 < 4 "q"', opts).innerHTML);
    // Edited rather than grown (a retry rewrites it): still in place, with the new text.
    expect(cache.render('p1', 'First *paragraph*.\n\nAnother')[1]!.textContent).to.equal('Another\n');
    // Once it holds markup, it goes through the sanitizer into a new element.
    const marked = cache.render('p1', 'First *paragraph*.\n\nAnother **bold**');
    expect(marked[1]).not.to.equal(first[1]);
    expect(marked[1]!.querySelector('strong')!.textContent).to.equal('bold');
    // And back to plain text: a new plain block, never the sanitized element edited.
    const plainAgain = cache.render('p1', 'First *paragraph*.\n\nplain');
    expect(plainAgain[1]).not.to.equal(marked[1]);
    expect(plainAgain[1]!.innerHTML).to.equal('<p>plain</p>\n');
  });

  it('tokenizes without ever producing markup', () => {
    const tokens = tokenize('<img src=x onerror=alert(1)> "str" # c', 'sh');
    expect(tokens.map(([, t]) => t).join('')).to.equal('<img src=x onerror=alert(1)> "str" # c');
    expect(tokens.find(([k]) => k === 'comment')![1]).to.equal('# c');
  });
});
