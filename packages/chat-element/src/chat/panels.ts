import { html, nothing, type TemplateResult } from 'lit';
import type { OpencodeConnection } from '@oc-elements/core';
import type { Todo } from '@opencode-ai/sdk/v2/types';
import { sessionTitle } from './sessions.js';
import type { ChatStrings } from './strings.js';
import type { ChatView } from './view.js';

/** Connection trouble as an alert carrying core's diagnosis sentence, or a quiet "connecting" status. */
export function renderProblem(conn: OpencodeConnection, s: ChatStrings): TemplateResult | typeof nothing {
  const { status, problem } = conn.state;
  if (problem) {
    return html`<div part="problem" class="problem" role="alert">
      ${problem.message}
      <button part="button retry" type="button" @click=${() => conn.retryNow()}>${s.retryNow}</button>
    </div>`;
  }
  if (status === 'connecting' || status === 'reconnecting' || status === 'idle') {
    return html`<div part="connecting" class="connecting" role="status">
      ${status === 'reconnecting' ? s.reconnecting : s.connecting}
    </div>`;
  }
  return nothing;
}

export interface HeaderContext {
  showSessions: boolean;
  toggleSessions(): void;
  openSession(id: string | undefined): void;
}

/** Top bar: sessions toggle, title, the way back from a subagent session, token and cost summary. */
export function renderHeader(view: ChatView | undefined, s: ChatStrings, ctx: HeaderContext): TemplateResult {
  const session = view?.session;
  const usage = view?.usage;
  return html`
    <header part="header">
      <button
        part="button sessions-toggle"
        type="button"
        aria-expanded=${ctx.showSessions || !session ? 'true' : 'false'}
        @click=${() => ctx.toggleSessions()}
      >
        ${s.sessions}
      </button>
      <h2 part="session-heading" class="session-heading">${session ? sessionTitle(session, s) : s.newSession}</h2>
      ${session?.parentID
        ? html`<button part="button back-to-parent" type="button" @click=${() => ctx.openSession(session.parentID)}>
            ${s.backToParent}
          </button>`
        : nothing}
      ${usage && (usage.input || usage.output)
        ? html`<span part="usage" class="usage">
            ${s.tokens(usage.input, usage.output)}${usage.cost ? html` · ${s.cost(usage.cost.toFixed(4))}` : nothing}
          </span>`
        : nothing}
    </header>
  `;
}

/** The todo panel fed by the agent's `todowrite` tool (the tool card itself is hidden). */
export function renderTodos(todos: readonly Todo[], s: ChatStrings): TemplateResult | typeof nothing {
  if (!todos.length) return nothing;
  return html`
    <section part="todos" class="todos" aria-label=${s.todos}>
      <strong>${s.todos}</strong>
      <ul>
        ${todos.map(
          (t) => html`<li part="todo" data-status=${t.status} data-priority=${t.priority}>
            <span class="visually-hidden">${t.status}: </span>${t.content}
          </li>`,
        )}
      </ul>
    </section>
  `;
}
