// What the scripted model does in the demo when no real model provider is configured: a short
// agent run in which the agent opens the shared browser's local page through Playwright MCP, clicks
// its counter, hands the browser to the human (a hand-off question), then reads the page and sums up.
// Each answer depends only on the request opencode sends (stateless).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PROVIDER_KEYS = [
  'ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'OPENROUTER_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY',
  'GROQ_API_KEY', 'MISTRAL_API_KEY', 'XAI_API_KEY', 'DEEPSEEK_API_KEY', 'AZURE_OPENAI_API_KEY',
];

/** True when opencode would find a real model provider for this user (an API key or `opencode auth login`). */
export function userHasModelProvider(env = process.env) {
  if (env.OC_DEMO_SCRIPTED) return false;
  if (PROVIDER_KEYS.some((key) => env[key])) return true;
  const data = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return existsSync(join(data, 'opencode', 'auth.json'));
}

const text = (message) => (typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? ''));

/** What the human is asked to do in the demo's hand-off. */
export const DEMO_HANDOFF_REASON = 'Please type your name into the text box, then press Done';

/**
 * The scripted demo run (used when no real provider is configured): the agent opens the shared
 * browser's test page, presses its counter button, then hands the browser to the human through the
 * `question` tool in the hand-off shape (`handoffQuestion(reason)` from @oc-elements/core), reads the
 * page again after "Done", and finishes quoting the human's answer. Each answer depends only on the
 * request opencode sends (stateless), so reloads and several sessions work.
 * @param {{ pageUrl?: string, handoffQuestion: (reason: string) => object }} options
 * @returns {(body: any) => import('../harness/model-server.mjs').Step}
 */
export function demoScenario({ pageUrl, handoffQuestion }) {
  const slow = { chunks: 8, delayMs: 25 };
  return (body) => {
    const messages = body?.messages ?? [];
    const last = messages.at(-1);
    const tools = new Set((body?.tools ?? []).map((t) => t?.function?.name));
    const browse = pageUrl && tools.has('playwright_browser_navigate');
    const calls = messages.flatMap((m) => m.tool_calls ?? []).map((c) => c.function?.name);
    const lastCall = calls.at(-1);

    if (last?.role === 'user') {
      if (!browse) {
        return {
          text: 'Hi! I am the **scripted demo model**: no model provider is configured for opencode, so my replies are canned. ' +
            'Configure one (e.g. `opencode auth login`) and run `npm start` again to talk to a real model.',
          chunks: 24, delayMs: 30,
        };
      }
      return { text: 'Let me open the test page in the shared browser.', ...slow, tool: 'playwright_browser_navigate', args: { url: pageUrl } };
    }
    if (last?.role === 'tool' && lastCall === 'playwright_browser_navigate') {
      // The snapshot's ref for the button when the result has one, else its CSS selector.
      const ref = /button \\?"Clicked \d+ times\\?" \[ref=(\w+)\]/.exec(text(last))?.[1];
      const target = ref ? { ref } : { target: '#counter' };
      return { text: 'The page is open. I will press its counter button.', ...slow, tool: 'playwright_browser_click', args: { element: 'the counter button', ...target } };
    }
    if (last?.role === 'tool' && lastCall === 'playwright_browser_click') {
      return { text: 'Pressed it. Now I need you for a moment.', ...slow, tool: 'question', args: handoffQuestion(DEMO_HANDOFF_REASON) };
    }
    if (last?.role === 'tool' && lastCall === 'question') {
      const answer = text(last);
      if (/Couldn't|Couldn\\u0027t/.test(answer)) {
        return { text: `No problem, you answered: ${quote(answer)}. I stop here; the browser is yours.`, chunks: 12, delayMs: 25 };
      }
      return { text: 'Thanks! Let me look at the page as you left it.', ...slow, tool: 'playwright_browser_snapshot', args: {} };
    }
    if (last?.role === 'tool' && lastCall === 'playwright_browser_snapshot') {
      const answer = text(messages.findLast((m) => m.role === 'tool' && m.content && /Done|answered/.test(text(m))) ?? {});
      const typed = /textbox "[^"]*"[^\n]*?: ([^\n\\]+)/.exec(text(last))?.[1]?.trim();
      return {
        text: `All done. You answered the hand-off with ${quote(answer)}` +
          (typed ? `, and the text box now says **${typed}**. Nice to meet you, ${typed}!` : ', but the text box looks empty.') +
          ' Press **Take control** whenever you want to drive yourself.',
        chunks: 20, delayMs: 25,
      };
    }
    return {
      text: 'Done: I opened the page and pressed the button; you can see the counter in the shared browser. ' +
        'Press **Take control** to drive it yourself.',
      chunks: 20, delayMs: 30,
    };
  };
}

/** The human's answer as opencode reports it to the agent, shortened to the quoted part. */
function quote(toolText) {
  const plain = toolText.replace(/\\"/g, '"').replace(/\\n/g, ' ');
  const m = /="([^"]*)"/.exec(plain);
  return `"${(m?.[1] ?? plain).slice(0, 200)}"`;
}
