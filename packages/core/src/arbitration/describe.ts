// A human sentence for what the agent is doing in the browser, from a tool part's name and input.
// Pure, so the banner text is unit-tested and identical in every element.
import { DEFAULT_BROWSER_PREFIX, browserToolName } from './tools.js';

const MAX = 60;

/** Trims to one short line; quotes are added by the caller. */
function short(value: unknown, max = MAX): string | undefined {
  if (typeof value !== 'string') return undefined;
  const one = value.replace(/\s+/g, ' ').trim();
  if (!one) return undefined;
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The element's human description when the agent gave one, else its selector/ref. */
function target(input: Record<string, unknown>, element = 'element', ref = 'target'): string | undefined {
  const described = short(input[element]);
  if (described) return `'${described}'`;
  const selector = short(input[ref]) ?? short(input.ref) ?? short(input.selector);
  return selector ? `'${selector}'` : undefined;
}

const keyName = (key: string) => (key.length === 1 ? `'${key}'` : key);

/**
 * "Clicking 'Sign in'", "Typing into Email", "Navigating to https://…", "Taking a screenshot"…
 * `input` is the tool part's input (empty while the call is still `pending`). Returns a generic
 * sentence for browser tools it does not know, and undefined for non-browser tools.
 */
export function describeBrowserAction(tool: string, input: unknown, prefix = DEFAULT_BROWSER_PREFIX): string | undefined {
  const name = browserToolName(tool, prefix);
  if (name === undefined) return undefined;
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const on = (verb: string, what = target(i)) => (what ? `${verb} ${what}` : verb);
  switch (name) {
    case 'browser_navigate': {
      const url = short(i.url, 80);
      return url ? `Navigating to ${url}` : 'Navigating';
    }
    case 'browser_navigate_back':
      return 'Going back';
    case 'browser_click':
      return i.doubleClick === true ? on('Double-clicking') : on('Clicking');
    case 'browser_hover':
      return on('Hovering over');
    case 'browser_type': {
      const field = short(i.element) ?? short(i.target);
      return field ? `Typing into ${field}` : 'Typing';
    }
    case 'browser_fill_form': {
      const n = Array.isArray(i.fields) ? i.fields.length : 0;
      return n === 1 ? 'Filling in 1 field' : n > 1 ? `Filling in ${n} fields` : 'Filling in a form';
    }
    case 'browser_select_option':
      return on('Choosing an option in');
    case 'browser_press_key':
      return typeof i.key === 'string' && i.key ? `Pressing ${keyName(i.key)}` : 'Pressing a key';
    case 'browser_drag': {
      const from = target(i, 'startElement', 'startTarget');
      const to = target(i, 'endElement', 'endTarget');
      return from && to ? `Dragging ${from} to ${to}` : 'Dragging';
    }
    case 'browser_drop':
      return on('Dropping onto');
    case 'browser_file_upload':
      return 'Uploading files';
    case 'browser_take_screenshot':
      return 'Taking a screenshot';
    case 'browser_snapshot':
      return 'Reading the page';
    case 'browser_console_messages':
      return 'Reading the console';
    case 'browser_network_requests':
    case 'browser_network_request':
      return 'Reading network requests';
    case 'browser_find':
      return 'Searching the page';
    case 'browser_evaluate':
    case 'browser_run_code_unsafe':
      return 'Running a script in the page';
    case 'browser_wait_for': {
      const text = short(i.text);
      if (text) return `Waiting for '${text}'`;
      return typeof i.time === 'number' ? `Waiting ${i.time} s` : 'Waiting';
    }
    case 'browser_tabs': {
      const action = i.action;
      if (action === 'list') return 'Listing tabs';
      if (action === 'new') return typeof i.url === 'string' ? `Opening a tab at ${short(i.url, 80)}` : 'Opening a tab';
      if (action === 'close') return 'Closing a tab';
      if (action === 'select') return 'Switching tabs';
      return 'Managing tabs';
    }
    case 'browser_handle_dialog':
      return i.accept === false ? 'Dismissing a dialog' : 'Accepting a dialog';
    case 'browser_resize':
      return 'Resizing the window';
    case 'browser_close':
      return 'Closing the page';
    case 'browser_mouse_click_xy':
      return 'Clicking at a point';
    case 'browser_mouse_move_xy':
      return 'Moving the mouse';
    case 'browser_mouse_wheel':
      return 'Scrolling';
    default:
      return 'Using the browser';
  }
}
