import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeBrowserAction, handoffAnswers, handoffQuestion, handoffReason, isBrowserTool, isHandoffQuestion, isReadOnlyBrowserCall } from '../src/arbitration/index.js';

test('describes the common Playwright MCP actions as sentences', () => {
  const d = describeBrowserAction;
  assert.equal(d('playwright_browser_click', { element: 'Sign in', target: 'e12' }), "Clicking 'Sign in'");
  assert.equal(d('playwright_browser_click', { target: '#counter' }), "Clicking '#counter'");
  assert.equal(d('playwright_browser_click', { element: 'Row', doubleClick: true }), "Double-clicking 'Row'");
  assert.equal(d('playwright_browser_type', { element: 'Email', target: 'e3', text: 'secret' }), 'Typing into Email');
  assert.equal(d('playwright_browser_navigate', { url: 'https://example.com/a' }), 'Navigating to https://example.com/a');
  assert.equal(d('playwright_browser_take_screenshot', {}), 'Taking a screenshot');
  assert.equal(d('playwright_browser_snapshot', {}), 'Reading the page');
  assert.equal(d('playwright_browser_press_key', { key: 'Enter' }), 'Pressing Enter');
  assert.equal(d('playwright_browser_press_key', { key: 'a' }), "Pressing 'a'");
  assert.equal(d('playwright_browser_fill_form', { fields: [{}, {}] }), 'Filling in 2 fields');
  assert.equal(d('playwright_browser_drag', { startElement: 'A', endElement: 'B' }), "Dragging 'A' to 'B'");
  assert.equal(d('playwright_browser_tabs', { action: 'list' }), 'Listing tabs');
  assert.equal(d('playwright_browser_wait_for', { text: 'Done' }), "Waiting for 'Done'");
  assert.equal(d('playwright_browser_evaluate', { function: '() => 1' }), 'Running a script in the page');
});

test('never leaks typed text, truncates long inputs, tolerates junk', () => {
  const typed = describeBrowserAction('playwright_browser_type', { element: 'Password', text: 'hunter2' })!;
  assert.ok(!typed.includes('hunter2'));
  const long = describeBrowserAction('playwright_browser_click', { element: 'x'.repeat(500) })!;
  assert.ok(long.length < 80 && long.endsWith("…'"));
  assert.equal(describeBrowserAction('playwright_browser_click', {}), 'Clicking');
  assert.equal(describeBrowserAction('playwright_browser_navigate', null), 'Navigating');
  assert.equal(describeBrowserAction('playwright_browser_click', { element: 42 }), 'Clicking');
  assert.equal(describeBrowserAction('playwright_browser_new_thing', {}), 'Using the browser');
  assert.equal(describeBrowserAction('bash', { command: 'ls' }), undefined);
  assert.equal(describeBrowserAction('mybrowser_browser_click', { element: 'OK' }, 'mybrowser_'), "Clicking 'OK'");
});

test('browser tools and read-only calls', () => {
  assert.ok(isBrowserTool('playwright_browser_click'));
  assert.ok(!isBrowserTool('bash'));
  assert.ok(isReadOnlyBrowserCall('playwright_browser_snapshot', {}));
  assert.ok(isReadOnlyBrowserCall('playwright_browser_take_screenshot', {}));
  assert.ok(isReadOnlyBrowserCall('playwright_browser_tabs', { action: 'list' }));
  assert.ok(!isReadOnlyBrowserCall('playwright_browser_tabs', { action: 'new' }));
  assert.ok(!isReadOnlyBrowserCall('playwright_browser_click', {}));
  assert.ok(!isReadOnlyBrowserCall('playwright_browser_evaluate', {}));
  assert.ok(!isReadOnlyBrowserCall('bash', {}));
});

test('hand-off questions: shape, recognition, reason, answers', () => {
  const q = { id: 'que_1', sessionID: 's', ...handoffQuestion('Please enter the 2FA code') };
  assert.ok(isHandoffQuestion(q));
  assert.equal(handoffReason(q), 'Please enter the 2FA code');
  assert.deepEqual(q.questions[0]!.options.map((o) => o.label), ['Done', "Couldn't"]);
  assert.ok(isHandoffQuestion({ questions: [{ header: 'handoff', question: 'x', options: [] }] }));
  const prefixed = { questions: [{ header: 'Login', question: '[hand-off] Log in please', options: [] }] };
  assert.ok(isHandoffQuestion(prefixed));
  assert.equal(handoffReason(prefixed), 'Log in please');
  assert.ok(!isHandoffQuestion({ questions: [{ header: 'Color', question: 'Which color?', options: [] }] }));
  assert.ok(!isHandoffQuestion({ questions: [] }));
  assert.deepEqual(handoffAnswers('done'), [['Done']]);
  assert.deepEqual(handoffAnswers('failed', ' wrong code '), [["Couldn't", 'wrong code']]);
});
