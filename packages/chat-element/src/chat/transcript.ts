import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Part, SessionStatus, ToolPart } from '@opencode-ai/sdk/v2/types';
import type { RenderContext } from './render-context.js';
import { EXPLORE_TOOLS, HIDDEN_TOOLS, renderExploreGroup, renderTool } from './tool-card.js';
import type { AssistantEntry, TurnView, UserEntry } from './view.js';

/** Text shown by a user message: its own text parts, without synthetic ones the server adds. */
export function userText(parts: readonly Part[]): string {
  return parts
    .filter((p): p is Extract<Part, { type: 'text' }> => p.type === 'text' && !p.synthetic && !p.ignored)
    .map((p) => p.text)
    .join('\n');
}

/** Final answer text of a turn (for "copy response"). */
export function responseText(turn: TurnView): string {
  return turn.assistants
    .flatMap((a) => a.parts)
    .filter((p): p is Extract<Part, { type: 'text' }> => p.type === 'text' && !p.synthetic)
    .map((p) => p.text)
    .join('\n\n');
}

function markdownOrPlain(id: string, text: string, ctx: RenderContext): unknown {
  return ctx.markdown ? ctx.markdown.render(id, text) : html`<div class="plain">${text}</div>`;
}

function renderText(part: Extract<Part, { type: 'text' }>, ctx: RenderContext): TemplateResult | typeof nothing {
  if (part.ignored || !part.text) return nothing;
  return html`<div part="text" class="text" data-part=${part.id}>${markdownOrPlain(part.id, part.text, ctx)}</div>`;
}

function renderReasoning(part: Extract<Part, { type: 'reasoning' }>, ctx: RenderContext): TemplateResult | typeof nothing {
  if (!part.text.trim()) return nothing;
  const key = `reasoning:${part.id}`;
  return html`
    <details
      part="reasoning"
      class="reasoning"
      ?open=${ctx.isOpen(key)}
      @toggle=${(e: Event) => ctx.toggle(key, (e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>${ctx.strings.reasoning}</summary>
      ${markdownOrPlain(part.id, part.text, ctx)}
    </details>
  `;
}

/** Raster images inline as data URLs are shown as thumbnails; nothing else is ever loaded. */
const THUMBNAIL = /^data:image\/(png|jpeg|gif|webp);base64,/;

function renderFile(part: Extract<Part, { type: 'file' }>): TemplateResult {
  const name = part.filename ?? (part.source && 'path' in part.source ? part.source.path : undefined) ?? part.mime;
  if (THUMBNAIL.test(part.url)) return html`<img part="attachment-image" class="thumb" src=${part.url} alt=${name} />`;
  return html`<span part="attachment" class="chip">${name}</span>`;
}

/** An assistant message's parts, with consecutive explore tools folded into one group. */
function renderAssistantParts(entry: AssistantEntry, ctx: RenderContext): unknown[] {
  const out: unknown[] = [];
  let explore: ToolPart[] = [];
  const flush = () => {
    if (explore.length) out.push(renderExploreGroup(explore, ctx));
    explore = [];
  };
  for (const part of entry.parts) {
    if (part.type === 'tool' && EXPLORE_TOOLS.has(part.tool)) {
      explore.push(part);
      continue;
    }
    flush();
    if (part.type === 'text') out.push(renderText(part, ctx));
    else if (part.type === 'reasoning') out.push(renderReasoning(part, ctx));
    else if (part.type === 'tool' && !HIDDEN_TOOLS.has(part.tool)) out.push(renderTool(part, ctx));
    else if (part.type === 'file') out.push(renderFile(part));
    else if (part.type === 'compaction') out.push(html`<div part="compaction" class="notice">${ctx.strings.compacted}</div>`);
  }
  flush();
  return out;
}

function renderError(entry: AssistantEntry, ctx: RenderContext): TemplateResult | typeof nothing {
  const error = entry.info.error;
  if (!error) return nothing;
  if (error.name === 'MessageAbortedError') {
    return html`<div part="interrupted" class="badge">${ctx.strings.interrupted}</div>`;
  }
  const message = (error.data as { message?: string } | undefined)?.message ?? error.name;
  return html`
    <div part="error-card" class="error-card" role="group" aria-label=${ctx.strings.errorTitle}>
      <strong>${ctx.strings.errorTitle}</strong> <span class="mono">${error.name}</span>
      <p>${message}</p>
      <button part="button copy-error" type="button" @click=${() => ctx.copy(`${error.name}: ${message}`)}>
        ${ctx.strings.copy}
      </button>
    </div>
  `;
}

/** What the agent is doing right now, from the newest part of the newest assistant message. */
export function activity(turn: TurnView, ctx: RenderContext): string {
  const s = ctx.strings;
  const parts = turn.assistants.at(-1)?.parts ?? [];
  const last = parts.filter((p) => p.type === 'tool' || p.type === 'text' || p.type === 'reasoning').at(-1);
  if (last?.type === 'tool') {
    if (EXPLORE_TOOLS.has(last.tool)) return s.statusExploring;
    if (['edit', 'write', 'apply_patch', 'patch'].includes(last.tool)) return s.statusEditing;
    if (last.tool === 'bash') return s.statusRunning;
    if (last.tool === 'webfetch' || last.tool === 'websearch') return s.statusSearching;
    if (last.tool === 'task') return s.statusDelegating;
  }
  if (last?.type === 'text' && last.time && !last.time.end) return s.statusWriting;
  return s.statusThinking;
}

function renderStatusLine(status: SessionStatus, turn: TurnView, ctx: RenderContext): TemplateResult {
  if (status.type === 'retry') {
    const seconds = Math.max(0, Math.ceil((status.next - ctx.now) / 1000));
    // The countdown ticks every second; a live region would announce every tick, so screen readers
    // get a static line (once per attempt) and the ticking text is for the eyes only.
    return html`<div part="retry-banner" class="retry">
      <span role="status" class="visually-hidden">${ctx.strings.retryingAnnounce(status.attempt, status.message)}</span>
      <span aria-hidden="true">${ctx.strings.retrying(seconds, status.attempt, status.message)}</span>
    </div>`;
  }
  return html`<div part="turn-status" class="turn-status" role="status"><span class="spinner" aria-hidden="true"></span>${activity(turn, ctx)}</div>`;
}

function renderUserMessage(user: UserEntry, ctx: RenderContext): TemplateResult {
  const s = ctx.strings;
  const id = user.info.id;
  const text = ctx.commandLabel(id) ?? userText(user.parts);
  const files = user.parts.filter((p): p is Extract<Part, { type: 'file' }> => p.type === 'file');
  return html`<div part="message user-message" class="message user">
    <div part="bubble" class="bubble">
      <span class="visually-hidden">${s.you}: </span>
      <div class="user-text">${text}</div>
      ${files.length ? html`<div class="chips">${files.map(renderFile)}</div>` : nothing}
    </div>
    <div part="message-actions" class="message-actions">
      <button part="button copy-message" type="button" @click=${() => ctx.copy(text)}>${s.copy}</button>
      ${ctx.readOnly
        ? nothing
        : html`<button part="button revert" type="button" @click=${() => ctx.revert(id)}>${s.revert}</button>
            <button part="button fork" type="button" @click=${() => ctx.fork(id)}>${s.fork}</button>`}
    </div>
  </div>`;
}

/**
 * One turn: the user's message (absent while older messages are not loaded), then every assistant
 * message answering it, then its status. `notes` (arbitration notes) go after the user's message
 * (slot 0) and after assistant message i (slot i + 1).
 */
export function renderTurn(turn: TurnView, last: boolean, status: SessionStatus, ctx: RenderContext, notes: readonly (readonly unknown[] | undefined)[] = []): TemplateResult {
  const s = ctx.strings;
  const working = last && status.type !== 'idle';
  return html`
    <article part="turn" class="turn" data-message=${turn.id} aria-busy=${working ? 'true' : 'false'}>
      ${turn.user ? renderUserMessage(turn.user, ctx) : nothing}
      ${notes[0] ?? nothing}
      ${turn.assistants.length
        ? html`<div part="message assistant-message" class="message assistant">
            <span class="visually-hidden">${s.assistant}: </span>
            ${repeat(
              turn.assistants,
              (a) => a.info.id,
              (a, i) => html`<div class="step" data-message=${a.info.id}>${renderAssistantParts(a, ctx)} ${renderError(a, ctx)}</div>${notes[i + 1] ?? nothing}`,
            )}
            ${!working && responseText(turn)
              ? html`<div part="message-actions" class="message-actions">
                  <button part="button copy-response" type="button" @click=${() => ctx.copy(responseText(turn))}>
                    ${s.copy}
                  </button>
                </div>`
              : nothing}
          </div>`
        : nothing}
      ${working ? renderStatusLine(status, turn, ctx) : nothing}
    </article>
  `;
}
