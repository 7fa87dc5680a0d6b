import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Session } from '@opencode-ai/sdk/v2/types';
import type { ChatStrings } from './strings.js';
import type { SessionRow } from './view.js';

export interface SessionsContext {
  strings: ChatStrings;
  now: number;
  current: string | undefined;
  renaming: string | undefined;
  confirmingDelete: string | undefined;
  select(id: string): void;
  create(): void;
  startRename(id: string | undefined): void;
  rename(id: string, title: string): void;
  askDelete(id: string | undefined): void;
  remove(id: string): void;
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "3 minutes ago" in the page's language. */
export function relativeTime(time: number, now: number): string {
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const diff = time - now;
  for (const [unit, ms] of units) if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  return format.format(0, 'minute');
}

export function sessionTitle(session: Session | undefined, strings: ChatStrings): string {
  return session?.title?.trim() || strings.untitled;
}

function renderRename(session: Session, ctx: SessionsContext): TemplateResult {
  const s = ctx.strings;
  const save = (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).querySelector('input');
    const title = input?.value.trim();
    if (title) ctx.rename(session.id, title);
  };
  return html`
    <form part="rename-form" class="inline-form" @submit=${save}>
      <input
        part="rename-input"
        aria-label=${s.renameLabel}
        .value=${session.title}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && ctx.startRename(undefined)}
      />
      <button part="button" type="submit" class="primary">${s.save}</button>
      <button part="button" type="button" @click=${() => ctx.startRename(undefined)}>${s.cancel}</button>
    </form>
  `;
}

function renderConfirmDelete(session: Session, ctx: SessionsContext): TemplateResult {
  const s = ctx.strings;
  return html`
    <div part="confirm-delete" class="inline-form" role="group" aria-label=${s.confirmDelete(sessionTitle(session, s))}>
      <span>${s.confirmDelete(sessionTitle(session, s))}</span>
      <button part="button confirm-delete-button" type="button" class="danger" @click=${() => ctx.remove(session.id)}>
        ${s.delete}
      </button>
      <button part="button" type="button" @click=${() => ctx.askDelete(undefined)}>${s.cancel}</button>
    </div>
  `;
}

/** The session list: title, busy/idle, updated time; per row rename and delete (with confirm). */
export function renderSessionList(rows: SessionRow[], ctx: SessionsContext): TemplateResult {
  const s = ctx.strings;
  return html`
    <nav part="sessions" class="sessions" aria-label=${s.sessions}>
      <div class="sessions-header">
        <h2 part="sessions-title">${s.sessions}</h2>
        <button part="button new-session" type="button" class="primary" @click=${() => ctx.create()}>${s.newSession}</button>
      </div>
      ${rows.length === 0 ? html`<p part="sessions-empty" class="muted">${s.noSessions}</p>` : nothing}
      <!-- Keyed rows: the list reorders as sessions update, and an open rename field must move with its row. -->
      <ul part="session-list" class="session-list">
        ${repeat(rows, (row) => row.session.id, ({ session, status }) => {
          const title = sessionTitle(session, s);
          const busy = status.type !== 'idle';
          return html`
            <li part="session-item" class="session-item" ?data-current=${session.id === ctx.current}>
              ${ctx.renaming === session.id
                ? renderRename(session, ctx)
                : ctx.confirmingDelete === session.id
                  ? renderConfirmDelete(session, ctx)
                  : html`
                      <button
                        part="session-button"
                        type="button"
                        class="session-button"
                        aria-current=${session.id === ctx.current ? 'page' : 'false'}
                        @click=${() => ctx.select(session.id)}
                      >
                        <span part="session-title" class="session-title">${title}</span>
                        <span part="session-meta" class="muted">
                          <span part="session-status" data-busy=${busy ? 'true' : 'false'}>${busy ? s.busy : s.idle}</span>
                          · ${s.updated(relativeTime(session.time.updated, ctx.now))}
                        </span>
                      </button>
                      <button part="button rename" type="button" aria-label=${`${s.rename} ${title}`} @click=${() => ctx.startRename(session.id)}>
                        ${s.rename}
                      </button>
                      <button part="button delete" type="button" aria-label=${`${s.delete} ${title}`} @click=${() => ctx.askDelete(session.id)}>
                        ${s.delete}
                      </button>
                    `}
            </li>
          `;
        })}
      </ul>
    </nav>
  `;
}
