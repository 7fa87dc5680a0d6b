// What the scripted model does in the demo when no real model provider is configured: a short
// agent run in which the agent browses the shared browser's local page through Playwright MCP,
// then sums up. Each answer depends only on the request opencode sends (stateless).
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

/** @returns {(body: any) => import('../harness/model-server.mjs').Step} */
export function demoScenario({ pageUrl } = {}) {
  return (body) => {
    const messages = body?.messages ?? [];
    const last = messages.at(-1);
    const tools = new Set((body?.tools ?? []).map((t) => t?.function?.name));
    const browse = pageUrl && tools.has('playwright_browser_navigate');
    const calls = messages.flatMap((m) => m.tool_calls ?? []).map((c) => c.function?.name);

    if (last?.role === 'user') {
      if (!browse) {
        return {
          text: 'Hi! I am the **scripted demo model**: no model provider is configured for opencode, so my replies are canned. ' +
            'Configure one (e.g. `opencode auth login`) and run `npm start` again to talk to a real model.',
          chunks: 24, delayMs: 30,
        };
      }
      return { text: 'Let me open the test page in the shared browser.', chunks: 6, delayMs: 30, tool: 'playwright_browser_navigate', args: { url: pageUrl } };
    }
    if (last?.role === 'tool' && calls.at(-1) === 'playwright_browser_navigate') {
      const ref = /button "Clicked \d+ times" \[ref=(\w+)\]/.exec(text(last))?.[1];
      if (ref) {
        return { text: 'The page is open. I will press its counter button.', chunks: 6, delayMs: 30, tool: 'playwright_browser_click', args: { element: 'the counter button', ref } };
      }
    }
    return {
      text: 'Done: I opened the page and pressed the button; you can see the counter in the shared browser. ' +
        'Press **Take control** to drive it yourself.',
      chunks: 20, delayMs: 30,
    };
  };
}
