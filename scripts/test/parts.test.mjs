// Parts, against the generated custom-elements.json:
// - every `part` an element's templates set is documented as a @csspart, so a page finds it in the API
//   docs (a token built at runtime, `tool-${kind}`, is checked by its fixed prefix against the family);
// - <oc-workspace> re-exports exactly the documented parts of its inner elements from a hand-kept list:
//   a missing one cannot be styled from outside, a stale one documents a part that no longer exists.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { BROWSER_PARTS, CHAT_PARTS } from '../../packages/browser-element/src/workspace/parts.ts';

const root = new URL('../../packages/', import.meta.url);

const documented = (pkg, tag) => {
  const manifest = JSON.parse(readFileSync(new URL(`${pkg}/custom-elements.json`, root), 'utf8'));
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  assert.ok(element, `${tag} is in the ${pkg} manifest`);
  return (element.cssParts ?? []).map((p) => p.name);
};

/** The part tokens in `part="…"` attributes and `setAttribute('part', …)` calls of the given files; `${…}` leaves a prefix ending in `*`. */
const usedParts = (files) => {
  const tokens = new Set();
  for (const file of files) {
    const source = readFileSync(new URL(file, root), 'utf8');
    for (const [, attribute, set] of source.matchAll(/\bpart="([^"]+)"|setAttribute\('part', '([^']+)'\)/g)) {
      for (const token of (attribute ?? set).replace(/\$\{[^}]*\}/g, '*').split(/\s+/)) if (token && token !== '*') tokens.add(token);
    }
  }
  return [...tokens];
};

const sources = (dir, skip = []) =>
  readdirSync(new URL(dir, root))
    .filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.endsWith('.styles.ts') && !skip.includes(f))
    .map((f) => `${dir}/${f}`);

const elements = [
  ['chat-element', 'oc-chat', sources('chat-element/src/chat', ['xss-payloads.ts'])],
  ['chat-element', 'oc-handoff-card', ['chat-element/src/handoff/handoff-card.ts']],
  ['browser-element', 'oc-cobrowser', sources('browser-element/src/cobrowser')],
  ['browser-element', 'oc-workspace', sources('browser-element/src/workspace', ['parts.ts'])],
];

for (const [pkg, tag, files] of elements) {
  test(`every part <${tag}> sets is documented`, () => {
    const names = documented(pkg, tag);
    const used = usedParts(files);
    assert.ok(used.length > 2, `found the parts of <${tag}>`);
    const missing = used.filter((t) => (t.endsWith('*') ? !names.some((n) => n.startsWith(t.slice(0, -1))) : !names.includes(t)));
    assert.deepEqual(missing, [], `undocumented parts of <${tag}>`);
  });
}

test('the workspace exports exactly the documented parts of <oc-chat> and <oc-cobrowser>', () => {
  const handoff = documented('chat-element', 'oc-handoff-card').map((p) => `handoff-${p}`); // both export the card's parts
  const chat = [...documented('chat-element', 'oc-chat'), ...handoff];
  const browser = [...documented('browser-element', 'oc-cobrowser'), ...handoff];
  assert.ok(chat.length > 10 && browser.length > 10);
  assert.deepEqual(chat.filter((p) => !CHAT_PARTS.includes(p)), [], 'documented parts missing from CHAT_PARTS');
  assert.deepEqual(browser.filter((p) => !BROWSER_PARTS.includes(p)), [], 'documented parts missing from BROWSER_PARTS');
  assert.deepEqual(CHAT_PARTS.filter((p) => !chat.includes(p)), [], 'stale names in CHAT_PARTS');
  assert.deepEqual(BROWSER_PARTS.filter((p) => !browser.includes(p)), [], 'stale names in BROWSER_PARTS');
});
