// Which opencode tool calls touch the shared browser. The agent reaches the browser through the
// Playwright MCP server, whose tools opencode names `<server>_<tool>` (server "playwright" →
// `playwright_browser_click`). Only these calls are arbitrated; bash, edit… are never touched.

/** The MCP server name used in opencode's config (`mcp.playwright`), hence the tool prefix. */
export const DEFAULT_BROWSER_PREFIX = 'playwright_';

/**
 * Playwright MCP tools that read the page without acting on it (the ones its README marks
 * read-only that an agent uses to look, plus `browser_tabs` with `action: "list"`). They may stay
 * allowed while a human drives, unless privacy mode is on.
 */
const READ_ONLY = new Set([
  'browser_snapshot',
  'browser_take_screenshot',
  'browser_console_messages',
  'browser_network_requests',
  'browser_network_request',
  'browser_find',
  'browser_generate_locator',
  'browser_cookie_get',
  'browser_cookie_list',
  'browser_localstorage_get',
  'browser_localstorage_list',
  'browser_sessionstorage_get',
  'browser_sessionstorage_list',
  'browser_storage_state',
  'browser_route_list',
  'browser_get_config',
]);

/** `playwright_browser_click` → `browser_click`; undefined for tools that are not browser tools. */
export function browserToolName(tool: string, prefix = DEFAULT_BROWSER_PREFIX): string | undefined {
  return tool.startsWith(prefix) ? tool.slice(prefix.length) : undefined;
}

export function isBrowserTool(tool: string, prefix = DEFAULT_BROWSER_PREFIX): boolean {
  return browserToolName(tool, prefix) !== undefined;
}

/**
 * Whether a browser call only reads. Unknown input counts as acting (safe default): a tool we do
 * not know waits for the human like any click.
 */
export function isReadOnlyBrowserCall(tool: string, input: unknown, prefix = DEFAULT_BROWSER_PREFIX): boolean {
  const name = browserToolName(tool, prefix);
  if (name === undefined) return false;
  if (READ_ONLY.has(name)) return true;
  if (name === 'browser_tabs') {
    const action = (input as { action?: unknown } | undefined)?.action;
    return action === 'list';
  }
  return false;
}
