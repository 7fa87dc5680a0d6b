import { html, nothing, type TemplateResult } from 'lit';
import type { ToolPart } from '@opencode-ai/sdk/v2/types';
import { renderPermission, renderQuestion } from './prompts.js';
import type { RenderContext } from './render-context.js';

/** Tools folded into one "Explored …" line when they come in a row. */
export const EXPLORE_TOOLS = new Set(['read', 'grep', 'glob', 'list']);
/** Tools not shown as cards (todowrite feeds the todo panel instead). */
export const HIDDEN_TOOLS = new Set(['todowrite', 'todoread']);

type Dict = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function statusLabel(part: ToolPart, ctx: RenderContext): string {
  const s = ctx.strings;
  return { pending: s.toolPending, running: s.toolRunning, completed: s.toolCompleted, error: s.toolError }[part.state.status];
}

function metadata(part: ToolPart): Dict {
  return ('metadata' in part.state && part.state.metadata ? part.state.metadata : {}) as Dict;
}

/** Most of a huge output is never read in a card, and re-setting megabytes per frame is not free. */
const MAX_OUTPUT = 50_000;

function renderOutput(text: string, ctx: RenderContext, part = 'tool-output'): TemplateResult {
  const hidden = text.length - MAX_OUTPUT;
  return html`<pre part=${part} class="mono output">${hidden > 0
    ? html`<span class="muted">${ctx.strings.outputTruncated(hidden)}\n</span>${text.slice(hidden)}`
    : text}</pre>`;
}

function output(part: ToolPart): string | undefined {
  if (part.state.status === 'completed') return part.state.output;
  return str(metadata(part)['output']);
}

/** A header line shared by every card: icon-less name, subject, and the state as text. */
function header(part: ToolPart, name: string, subject: string | undefined, ctx: RenderContext): TemplateResult {
  return html`
    <div part="tool-header" class="tool-header">
      <span part="tool-name" class="tool-name">${name}</span>
      ${subject ? html`<span part="tool-subject" class="tool-subject mono">${subject}</span>` : nothing}
      <span part="tool-status" class="tool-status" data-status=${part.state.status}>${statusLabel(part, ctx)}</span>
    </div>
  `;
}

function details(key: string, summary: string, body: TemplateResult, ctx: RenderContext, open = false): TemplateResult {
  return html`
    <details
      part="tool-details"
      ?open=${ctx.isOpen(key) || open}
      @toggle=${(e: Event) => ctx.toggle(key, (e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>${summary}</summary>
      ${body}
    </details>
  `;
}

function errorLine(part: ToolPart): TemplateResult | typeof nothing {
  return part.state.status === 'error' ? html`<div part="tool-error" class="tool-error">${part.state.error}</div>` : nothing;
}

/** Colours a unified diff (or before/after text) line by line; all text goes through Lit escaping. */
export function renderDiff(diff: string): TemplateResult {
  // opencode's diffs start with `Index:` and a `====` rule before the `---`/`+++` header: noise here.
  const lines = diff
    .replace(/\n$/, '')
    .split('\n')
    .filter((line) => !/^(Index: |={10,}$)/.test(line));
  return html`<pre part="diff" class="diff mono">${lines.map((line) => {
    const kind = line.startsWith('+++') || line.startsWith('---') ? 'meta' : line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : line.startsWith('@@') ? 'hunk' : 'ctx';
    return html`<span class=${`line ${kind}`}>${line}\n</span>`;
  })}</pre>`;
}

function editDiff(part: ToolPart): string | undefined {
  const meta = metadata(part);
  const input = part.state.input as Dict;
  const diff = str(meta['diff']);
  if (diff) return diff;
  if (part.tool === 'edit' && str(input['oldString']) !== undefined) {
    const minus = (str(input['oldString']) ?? '').split('\n').map((l) => `-${l}`);
    const plus = (str(input['newString']) ?? '').split('\n').map((l) => `+${l}`);
    return [...minus, ...plus].join('\n');
  }
  if (part.tool === 'write' && str(input['content']) !== undefined) {
    return (str(input['content']) ?? '').split('\n').map((l) => `+${l}`).join('\n');
  }
  return str(input['patchText']);
}

function card(part: ToolPart, kind: string, body: TemplateResult, ctx: RenderContext): TemplateResult {
  // After an abort the server keeps the request listed (stale) while the tool part has failed:
  // only a part that is still waiting can be answered.
  const waiting = part.state.status === 'running' || part.state.status === 'pending';
  const permission = waiting ? ctx.permissionFor(part.callID) : undefined;
  const question = waiting && part.tool === 'question' ? ctx.questionFor(part.callID) : undefined;
  return html`
    <div part="tool tool-${kind}" class="tool" data-tool=${part.tool} data-status=${part.state.status}>
      ${body} ${errorLine(part)} ${permission ? renderPermission(permission, ctx) : nothing}
      ${question ? renderQuestion(question, ctx) : nothing}
    </div>
  `;
}

/** One tool call as a card, by tool and state (pending → running → completed | error). */
export function renderTool(part: ToolPart, ctx: RenderContext): TemplateResult {
  const s = ctx.strings;
  const input = part.state.input as Dict;
  const out = output(part);
  const key = `tool:${part.id}`;
  switch (part.tool) {
    case 'bash': {
      const command = str(input['command']) ?? '';
      const exit = metadata(part)['exit'];
      return card(
        part,
        'bash',
        html`${header(part, s.shell, str(input['description']), ctx)}
          <pre part="tool-command" class="mono command">$ ${command}</pre>
          ${out ? renderOutput(out, ctx) : nothing}
          ${typeof exit === 'number' && exit !== 0 ? html`<div part="tool-exit" class="exit">${s.exitCode(exit)}</div>` : nothing}`,
        ctx,
      );
    }
    case 'edit':
    case 'write':
    case 'apply_patch':
    case 'patch': {
      const file = str(input['filePath']) ?? str(part.state.status === 'completed' ? part.state.title : undefined);
      const diff = editDiff(part);
      return card(part, 'edit', html`${header(part, part.tool, file, ctx)} ${diff ? renderDiff(diff) : nothing}`, ctx);
    }
    case 'webfetch':
    case 'websearch': {
      const url = str(input['url']) ?? str(input['query']);
      return card(
        part,
        'web',
        html`${header(part, part.tool, url, ctx)}
          ${out ? details(key, s.output, renderOutput(out, ctx), ctx) : nothing}`,
        ctx,
      );
    }
    case 'task': {
      const agent = str(input['subagent_type']) ?? 'general';
      const child = str(metadata(part)['sessionId']);
      // The subagent's own permission and question requests block this card: answer them here.
      const pending = child && part.state.status === 'running' ? ctx.childRequests(child) : undefined;
      return card(
        part,
        'task',
        html`${header(part, s.agentTask(agent), str(input['description']), ctx)}
          ${child
            ? html`<button part="button open-subagent" type="button" class="link" @click=${() => ctx.openSession(child)}>
                ${s.openSubagent}
              </button>`
            : nothing}
          ${pending?.permissions.map((p) => renderPermission(p, ctx))} ${pending?.questions.map((q) => renderQuestion(q, ctx))}`,
        ctx,
      );
    }
    case 'question': {
      const answers = metadata(part)['answers'];
      return card(
        part,
        'question',
        html`${header(part, s.questionTitle, undefined, ctx)}
          ${Array.isArray(answers)
            ? html`<ul class="answers">${(input['questions'] as { question?: string }[] | undefined)?.map(
                (q, i) => html`<li>${q?.question ?? ''} → <strong>${(answers[i] as string[] | undefined)?.join(', ') ?? ''}</strong></li>`,
              )}</ul>`
            : nothing}`,
        ctx,
      );
    }
    case 'read':
    case 'grep':
    case 'glob':
    case 'list': {
      const subject = str(input['filePath']) ?? str(input['pattern']) ?? str(input['path']);
      return card(
        part,
        'explore',
        html`${header(part, part.tool, subject, ctx)}
          ${out ? details(key, s.output, renderOutput(out, ctx), ctx) : nothing}`,
        ctx,
      );
    }
    default: {
      // MCP tools (`server_tool`), skills, `invalid`, and anything newer than this element.
      const title = part.state.status === 'completed' || part.state.status === 'running' ? part.state.title : undefined;
      return card(
        part,
        'generic',
        html`${header(part, s.called(part.tool), title || undefined, ctx)}
          ${details(
            key,
            s.input,
            html`<pre part="tool-input" class="mono output">${JSON.stringify(input, null, 2)}</pre>
              ${out ? renderOutput(out, ctx) : nothing}`,
            ctx,
          )}`,
        ctx,
      );
    }
  }
}

/** Consecutive read/grep/glob/list calls folded into one expandable "Explored …" group. */
export function renderExploreGroup(parts: ToolPart[], ctx: RenderContext): TemplateResult {
  if (parts.length === 1) return renderTool(parts[0]!, ctx);
  const count = (tools: string[]) => parts.filter((p) => tools.includes(p.tool)).length;
  const summary = ctx.strings.explored(count(['read']), count(['grep', 'glob']), count(['list']));
  const key = `explore:${parts[0]!.id}`;
  // A pending prompt inside must stay visible, so the group opens itself then.
  const mustOpen = parts.some((p) => ctx.permissionFor(p.callID) || p.state.status === 'error');
  return html`
    <details
      part="explore-group"
      class="explore"
      ?open=${mustOpen || ctx.isOpen(key)}
      @toggle=${(e: Event) => ctx.toggle(key, (e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>${summary}</summary>
      ${parts.map((p) => renderTool(p, ctx))}
    </details>
  `;
}
