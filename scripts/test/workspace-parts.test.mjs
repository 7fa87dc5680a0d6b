// <oc-workspace> re-exports its inner elements' parts from a hand-kept list: every part the elements
// document (their generated custom-elements.json) must be on it, or styling it from outside silently fails;
// and nothing else, or the workspace documents parts that no longer exist.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BROWSER_PARTS, CHAT_PARTS } from '../../packages/browser-element/src/workspace/parts.ts';

const documented = (pkg, tag) => {
  const manifest = JSON.parse(readFileSync(new URL(`../../packages/${pkg}/custom-elements.json`, import.meta.url), 'utf8'));
  const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
  assert.ok(element, `${tag} is in the ${pkg} manifest`);
  return element.cssParts.map((p) => p.name);
};

test('the workspace exports exactly the documented parts of <oc-chat> and <oc-cobrowser>', () => {
  const handoff = documented('chat-element', 'oc-handoff-card').map((p) => `handoff-${p}`); // both export the card's parts
  const chat = [...documented('chat-element', 'oc-chat'), ...handoff];
  const browser = [...documented('browser-element', 'oc-cobrowser'), ...handoff];
  assert.ok(chat.length > 10 && browser.length > 10);
  assert.deepEqual(chat.filter((p) => !CHAT_PARTS.includes(p)), []);
  assert.deepEqual(browser.filter((p) => !BROWSER_PARTS.includes(p)), []);
  assert.deepEqual(CHAT_PARTS.filter((p) => !chat.includes(p)), [], 'stale names in CHAT_PARTS');
  assert.deepEqual(BROWSER_PARTS.filter((p) => !browser.includes(p)), [], 'stale names in BROWSER_PARTS');
});
