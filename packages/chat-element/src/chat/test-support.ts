// Test-only helpers (never imported by shipping code): a connection whose store tests can feed with
// opencode events directly, and fixtures for opencode objects.
import { OpencodeConnection, ascendingId, type OcAction } from '@oc-elements/core';
import type { Part, PermissionRequest, QuestionRequest, Session } from '@opencode-ai/sdk/v2/types';

/**
 * A connection that never reaches a server (its fetch never settles), so a test can drive the
 * element purely through store events: deterministic, and no network for render-only tests.
 */
export function offlineConnection(): OpencodeConnection {
  return new OpencodeConnection({ server: 'http://127.0.0.1:9', fetch: () => new Promise<Response>(() => {}) });
}

export class Feed {
  readonly connection: OpencodeConnection;
  constructor(connection = offlineConnection()) {
    this.connection = connection;
  }
  dispatch(type: string, properties: Record<string, unknown>): void {
    this.connection.store.dispatch({ type, properties } as unknown as OcAction);
  }
  flush(): void {
    this.connection.store.flush();
  }
  session(title: string, extra: Partial<Session> = {}): Session {
    const now = Date.now();
    const info = {
      id: ascendingId('ses'),
      slug: 's',
      projectID: 'p',
      directory: '/tmp/p',
      title,
      version: '1.18.33',
      time: { created: now, updated: now },
      ...extra,
    } as Session;
    this.dispatch('session.created', { sessionID: info.id, info });
    return info;
  }
  user(sessionID: string, text: string): string {
    const id = ascendingId('msg');
    this.dispatch('message.updated', {
      sessionID,
      info: { id, sessionID, role: 'user', time: { created: Date.now() }, agent: 'build', model: { providerID: 'mock', modelID: 'mock-1' } },
    });
    this.part({ id: ascendingId('prt'), sessionID, messageID: id, type: 'text', text } as Part);
    return id;
  }
  assistant(sessionID: string, parentID: string, extra: Record<string, unknown> = {}): string {
    const id = ascendingId('msg');
    this.dispatch('message.updated', {
      sessionID,
      info: {
        id, sessionID, role: 'assistant', parentID, time: { created: Date.now() }, modelID: 'mock-1', providerID: 'mock',
        mode: 'build', agent: 'build', path: { cwd: '/', root: '/' }, cost: 0,
        tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } }, ...extra,
      },
    });
    return id;
  }
  part(part: Part): void {
    this.dispatch('message.part.updated', { sessionID: part.sessionID, part, time: Date.now() });
  }
  text(sessionID: string, messageID: string, text: string, type: 'text' | 'reasoning' = 'text'): string {
    const id = ascendingId('prt');
    this.part({ id, sessionID, messageID, type, text, time: { start: Date.now(), end: Date.now() } } as Part);
    return id;
  }
  tool(sessionID: string, messageID: string, tool: string, state: Record<string, unknown>, callID = ascendingId('prt')): string {
    const id = ascendingId('prt');
    this.part({ id, sessionID, messageID, type: 'tool', callID, tool, state } as unknown as Part);
    return callID;
  }
  permission(request: Omit<PermissionRequest, 'id'>): void {
    this.dispatch('permission.asked', { id: ascendingId('per'), ...request });
  }
  question(request: Omit<QuestionRequest, 'id'>): void {
    this.dispatch('question.asked', { id: ascendingId('que'), ...request });
  }
}

/** Polls until `check` is truthy (or throws after `timeout` ms). */
export async function until<T>(check: () => T, what = 'condition', timeout = 15_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Every element in `root` and the shadow roots below it. */
export function deepElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) out.push(...deepElements(el.shadowRoot));
  }
  return out;
}

const IMPLICIT: Record<string, string> = {
  button: 'button',
  textarea: 'textbox',
  select: 'combobox',
  nav: 'navigation',
  section: 'region',
  article: 'article',
};

function roleOf(el: Element): string | undefined {
  const explicit = el.getAttribute('role');
  if (explicit) return explicit;
  const tag = el.tagName.toLowerCase();
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    return type === 'radio' ? 'radio' : type === 'checkbox' ? 'checkbox' : type === 'file' || type === 'hidden' ? undefined : 'textbox';
  }
  return IMPLICIT[tag];
}

/** A small accessible-name computation: aria-label, then a wrapping <label>, then text. */
export function nameOf(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();
  if (el.id) {
    const byFor = (el.getRootNode() as ParentNode).querySelector?.(`label[for="${el.id}"]`);
    if (byFor) return (byFor.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
  const wrapping = el.closest('label');
  if (wrapping && wrapping !== el) return (wrapping.textContent ?? '').replace(/\s+/g, ' ').trim();
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** All elements under `root` (through shadow roots) with this role and, if given, name. */
export function allByRole(root: Element | ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  const start = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  return deepElements(start).filter((el) => {
    if (roleOf(el) !== role) return false;
    if ((el as HTMLElement).hidden || el.closest('[hidden]')) return false;
    if (name === undefined) return true;
    const n = nameOf(el);
    return typeof name === 'string' ? n === name : name.test(n);
  }) as HTMLElement[];
}

export function byRole(root: Element | ParentNode, role: string, name?: string | RegExp): HTMLElement | undefined {
  return allByRole(root, role, name)[0];
}

/** Waits for an element with this role and name. */
export function findByRole(root: Element | ParentNode, role: string, name?: string | RegExp, timeout = 20_000): Promise<HTMLElement> {
  return until(() => byRole(root, role, name), `${role} ${String(name ?? '')}`, timeout);
}
