import { html, nothing, type TemplateResult } from 'lit';
import type { PermissionRequest, QuestionRequest } from '@opencode-ai/sdk/v2/types';
import type { RenderContext } from './render-context.js';

/**
 * Inline permission prompt: Allow once / Allow always / Reject, with an optional message. A reject
 * with a message lets the agent continue (it gets the message as the tool result).
 */
export function renderPermission(request: PermissionRequest, ctx: RenderContext): TemplateResult {
  const s = ctx.strings;
  const title = s.permissionTitle(request.permission);
  const detail = typeof request.metadata?.['command'] === 'string' ? (request.metadata['command'] as string) : undefined;
  const messageId = `perm-msg-${request.id}`;
  const reply = (kind: 'once' | 'always' | 'reject') => (event: Event) => {
    const root = (event.currentTarget as HTMLElement).closest('[data-permission]');
    const input = root?.querySelector<HTMLInputElement>('input');
    ctx.replyPermission(request, kind, input?.value.trim() || undefined);
  };
  return html`
    <div part="permission" class="permission" role="group" aria-label=${title} data-permission=${request.id}>
      <div part="permission-title" class="prompt-title">${title}</div>
      ${detail ? html`<pre part="permission-detail" class="mono">${detail}</pre>` : nothing}
      ${request.patterns.length
        ? html`<ul part="permission-patterns" class="patterns">
            ${request.patterns.map((p) => html`<li><code>${p}</code></li>`)}
          </ul>`
        : nothing}
      ${request.always?.length
        ? html`<div part="permission-always" class="muted">
            ${s.alwaysCovers} ${request.always.map((p, i) => html`${i ? ', ' : ''}<code>${p}</code>`)}
          </div>`
        : nothing}
      <label class="field" for=${messageId}>
        <span>${s.rejectMessage}</span>
        <input id=${messageId} part="permission-message" type="text" autocomplete="off" />
      </label>
      <div part="permission-actions" class="actions">
        <button part="button allow-once" class="primary" type="button" @click=${reply('once')}>${s.allowOnce}</button>
        <button part="button allow-always" type="button" @click=${reply('always')}>${s.allowAlways}</button>
        <button part="button reject" class="danger" type="button" @click=${reply('reject')}>${s.reject}</button>
      </div>
    </div>
  `;
}

/**
 * Question prompt: one fieldset per question, radios (single) or checkboxes (multiple), plus a
 * "type your own answer" field. Answers are read from the form on submit, so no draft state.
 */
export function renderQuestion(request: QuestionRequest, ctx: RenderContext): TemplateResult | typeof nothing {
  const arbitration = ctx.arbitration;
  // With an arbiter, questions wait for the arbitration chunk (a few ms) so a hand-off never flashes as a plain question.
  if (arbitration === 'loading') return nothing;
  if (arbitration?.isHandoff(request)) return arbitration.renderHandoff(request, ctx.strings);
  const s = ctx.strings;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const answers = request.questions.map((_, i) => {
      const chosen = data.getAll(`q${i}`).map(String);
      const own = String(data.get(`q${i}-own`) ?? '').trim();
      return own ? [...chosen, own] : chosen;
    });
    ctx.answerQuestion(request, answers);
  };
  return html`
    <form part="question" class="question" aria-label=${s.questionTitle} @submit=${submit}>
      ${request.questions.map(
        (q, i) => html`
          <fieldset part="question-item">
            <legend part="question-text">${q.header ? html`<strong>${q.header}</strong> ` : nothing}${q.question}</legend>
            ${q.options.map(
              (option) => html`
                <label part="question-option" class="option">
                  <input type=${q.multiple ? 'checkbox' : 'radio'} name=${`q${i}`} .value=${option.label} />
                  <span>${option.label}</span>
                  ${option.description ? html`<small>${option.description}</small>` : nothing}
                </label>
              `,
            )}
            ${q.custom === false
              ? nothing
              : html`<label class="field">
                  <span>${s.typeOwnAnswer}</span>
                  <input part="question-own" type="text" name=${`q${i}-own`} autocomplete="off" />
                </label>`}
          </fieldset>
        `,
      )}
      <div part="question-actions" class="actions">
        <button part="button answer" class="primary" type="submit">${s.submitAnswer}</button>
        <button part="button dismiss" type="button" @click=${() => ctx.dismissQuestion(request)}>${s.dismiss}</button>
      </div>
    </form>
  `;
}

