import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Agent, Command, Model } from '@opencode-ai/sdk/v2/types';
import type { PromptPart, ProvidersInfo } from '@oc-elements/core';
import { MAX_ATTACHMENT_BYTES, acceptsAttachment, mimeOf, readAttachment, type Attachment } from './attachments.js';
import type { ChatStrings } from './strings.js';

/** What the composer hands to the element when the user sends. */
export interface Draft {
  text: string;
  parts: PromptPart[];
  command?: { name: string; arguments: string };
}

/** What the composer needs from its element. */
export interface ComposerHost extends ReactiveControllerHost {
  readonly mergedStrings: ChatStrings;
  readonly busy: boolean;
  readonly readOnly: boolean;
  readonly connected: boolean;
  readonly providers: ProvidersInfo | undefined;
  readonly agents: Agent[];
  readonly commands: Command[];
  /** The project directory, to make `@` mentions absolute `file://` URLs. */
  readonly projectDirectory: string | undefined;
  /** `provider/model` chosen in the picker, '' for the server default. */
  model: string;
  agent: string;
  currentModel(): Model | undefined;
  submit(draft: Draft): Promise<boolean>;
  stop(): void;
  findFiles(query: string): Promise<string[]>;
}

interface Popover {
  kind: 'command' | 'file';
  items: { value: string; label: string; detail?: string }[];
  active: number;
  /** Where the trigger (`/` or `@`) starts in the text. */
  start: number;
}

/**
 * The message composer: text, history recall, `/` command and `@` file popovers, attachments by
 * button, paste and drop (checked against the model's capabilities), model and agent pickers.
 * A plain object owned by the element (state beside it, no extra shadow root): it renders into the
 * element's shadow root and asks the element to update when its state changes.
 */
export class Composer {
  text = '';
  attachments: Attachment[] = [];
  error = '';
  dragging = false;
  #host: ComposerHost & HTMLElement;
  #history: string[] = [];
  #historyIndex = -1;
  #mentions = new Set<string>();
  #popover: Popover | undefined;
  #fileQuery = 0;
  #sending = false;

  constructor(host: ComposerHost & HTMLElement) {
    this.#host = host;
  }

  get textarea(): HTMLTextAreaElement | null {
    return this.#host.shadowRoot?.querySelector('textarea[part~="input"]') ?? null;
  }

  focus(): void {
    this.textarea?.focus();
  }

  #update(): void {
    this.#host.requestUpdate();
  }

  async send(): Promise<void> {
    const text = this.text.trim();
    if ((!text && !this.attachments.length) || this.#host.readOnly || this.#sending) return;
    const draft = this.#draft(text);
    // Clear at once (the optimistic message already shows it) and put it back if it was not sent,
    // so a slow request neither shows the text twice nor lets a second Enter send it twice.
    const saved = { text: this.text, attachments: this.attachments, mentions: new Set(this.#mentions) };
    this.text = '';
    this.attachments = [];
    this.#mentions.clear();
    this.error = '';
    this.#popover = undefined;
    this.#historyIndex = -1;
    this.#update();
    this.#sending = true;
    let sent = false;
    try {
      sent = await this.#host.submit(draft);
    } finally {
      this.#sending = false;
    }
    if (sent) {
      if (text) this.#history.push(text);
    } else if (!this.text && !this.attachments.length) {
      this.text = saved.text;
      this.attachments = saved.attachments;
      this.#mentions = saved.mentions;
    }
    this.#update();
  }

  #draft(text: string): Draft {
    const command = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(text);
    if (command && this.#host.commands.some((c) => c.name === command[1])) {
      return { text, parts: [], command: { name: command[1]!, arguments: command[2] ?? '' } };
    }
    const parts: PromptPart[] = [{ type: 'text', text }];
    const dir = this.#host.projectDirectory?.replace(/\/$/, '');
    for (const path of this.#mentions) {
      const value = `@${path}`;
      const start = text.indexOf(value);
      if (start < 0 || !dir) continue;
      const absolute = path.startsWith('/') ? path : `${dir}/${path}`;
      parts.push({
        type: 'file',
        mime: 'text/plain',
        url: `file://${absolute}`,
        filename: path.split('/').pop() ?? path,
        source: { type: 'file', path: absolute, text: { value, start, end: start + value.length } },
      } as PromptPart);
    }
    for (const a of this.attachments) parts.push({ type: 'file', mime: a.mime, url: a.url, filename: a.name });
    return { text, parts };
  }

  async addFiles(files: Iterable<File>): Promise<void> {
    const model = this.#host.currentModel();
    const s = this.#host.mergedStrings;
    const refused: string[] = [];
    for (const file of files) {
      // Checked before reading, so a refused file is never loaded into memory.
      if (!acceptsAttachment(model, mimeOf(file))) {
        refused.push(s.unsupportedAttachment(file.name, mimeOf(file)));
        continue;
      }
      if (file.size > MAX_ATTACHMENT_BYTES) {
        refused.push(s.attachmentTooLarge(file.name, MAX_ATTACHMENT_BYTES / 1024 / 1024));
        continue;
      }
      const attachment = await readAttachment(file);
      if (!this.attachments.some((a) => a.name === attachment.name && a.url === attachment.url)) this.attachments.push(attachment);
    }
    this.error = refused.join(' ');
    this.#update();
  }

  #onInput = (event: InputEvent): void => {
    const area = event.target as HTMLTextAreaElement;
    this.text = area.value;
    this.#historyIndex = -1;
    void this.#refreshPopover(area);
    this.#update();
  };

  async #refreshPopover(area: HTMLTextAreaElement): Promise<void> {
    const caret = area.selectionStart ?? this.text.length;
    const before = this.text.slice(0, caret);
    const slash = /^\/(\S*)$/.exec(before);
    if (slash) {
      const query = slash[1]!.toLowerCase();
      const items = this.#host.commands
        .filter((c) => c.name.toLowerCase().includes(query))
        .slice(0, 12)
        .map((c) => ({ value: c.name, label: `/${c.name}`, detail: c.description }));
      this.#popover = items.length ? { kind: 'command', items, active: 0, start: 0 } : undefined;
      return;
    }
    const mention = /(^|\s)@([^\s@]*)$/.exec(before);
    if (mention) {
      const start = caret - mention[2]!.length - 1;
      const ticket = ++this.#fileQuery;
      // Directories come back with a trailing slash; a mention attaches a file, so drop them.
      const found = await this.#host.findFiles(mention[2]!).catch(() => [] as string[]);
      const paths = found.filter((p) => p && !p.endsWith('/'));
      if (ticket !== this.#fileQuery) return;
      this.#popover = paths.length
        ? { kind: 'file', items: paths.slice(0, 12).map((p) => ({ value: p, label: p })), active: 0, start }
        : undefined;
      this.#update();
      return;
    }
    this.#fileQuery++;
    this.#popover = undefined;
  }

  #pick(index: number): void {
    const popover = this.#popover;
    const item = popover?.items[index];
    if (!popover || !item) return;
    const area = this.textarea;
    const caret = area?.selectionStart ?? this.text.length;
    const insert = popover.kind === 'command' ? `/${item.value} ` : `@${item.value} `;
    if (popover.kind === 'file') this.#mentions.add(item.value);
    this.text = this.text.slice(0, popover.start) + insert + this.text.slice(caret);
    this.#popover = undefined;
    this.#update();
    const at = popover.start + insert.length;
    void this.#host.updateComplete.then(() => {
      area?.focus();
      area?.setSelectionRange(at, at);
    });
  }

  #onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    const popover = this.#popover;
    if (popover) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const n = popover.items.length;
        popover.active = (popover.active + (event.key === 'ArrowDown' ? 1 : n - 1)) % n;
        this.#update();
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        this.#pick(popover.active);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        this.#popover = undefined;
        this.#update();
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void this.send();
    } else if (event.key === 'Escape' && this.#host.busy) {
      event.preventDefault();
      this.#host.stop();
    } else if (event.key === 'ArrowUp' && this.#history.length && (!this.text || this.#historyIndex >= 0)) {
      // ↑ on an empty composer recalls the last prompt (and further back on repeat).
      event.preventDefault();
      this.#historyIndex = this.#historyIndex < 0 ? this.#history.length - 1 : Math.max(0, this.#historyIndex - 1);
      this.text = this.#history[this.#historyIndex]!;
      this.#update();
    } else if (event.key === 'ArrowDown' && this.#historyIndex >= 0) {
      event.preventDefault();
      this.#historyIndex++;
      this.text = this.#history[this.#historyIndex] ?? '';
      if (this.#historyIndex >= this.#history.length) this.#historyIndex = -1;
      this.#update();
    }
  };

  #onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length) return;
    event.preventDefault();
    void this.addFiles(files);
  };

  #onDrop = (event: DragEvent): void => {
    event.preventDefault();
    this.dragging = false;
    void this.addFiles([...(event.dataTransfer?.files ?? [])]);
  };

  #onDragOver = (event: DragEvent): void => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    if (!this.dragging) {
      this.dragging = true;
      this.#update();
    }
  };

  #renderPickers(): TemplateResult {
    const h = this.#host;
    const s = h.mergedStrings;
    const agents = h.agents.filter((a) => (a.mode === 'primary' || a.mode === 'all') && !a.hidden);
    return html`
      <select
        part="agent-picker"
        aria-label=${s.agent}
        .value=${live(h.agent)}
        @change=${(e: Event) => ((h.agent = (e.target as HTMLSelectElement).value), this.#update())}
      >
        ${agents.map((a) => html`<option value=${a.name} ?selected=${a.name === h.agent}>${a.name}</option>`)}
      </select>
      <select
        part="model-picker"
        aria-label=${s.model}
        @change=${(e: Event) => ((h.model = (e.target as HTMLSelectElement).value), this.#update())}
      >
        <option value="" ?selected=${!h.model}>${s.defaultModel}</option>
        ${(h.providers?.providers ?? []).map(
          (p) => html`<optgroup label=${p.name || p.id}>
            ${Object.values(p.models).map((m) => {
              const value = `${p.id}/${m.id}`;
              return html`<option value=${value} ?selected=${value === h.model}>${m.name || m.id}</option>`;
            })}
          </optgroup>`,
        )}
      </select>
    `;
  }

  #renderPopover(): TemplateResult | typeof nothing {
    const p = this.#popover;
    if (!p) return nothing;
    const s = this.#host.mergedStrings;
    return html`
      <ul part="popover" class="popover" role="listbox" id="composer-popover" aria-label=${p.kind === 'command' ? s.commands : s.files}>
        ${p.items.map(
          (item, i) => html`<li
            role="option"
            id=${`popover-${i}`}
            aria-selected=${i === p.active ? 'true' : 'false'}
            @mousedown=${(e: Event) => (e.preventDefault(), this.#pick(i))}
          >
            <span class="mono">${item.label}</span>${item.detail ? html` <small>${item.detail}</small>` : nothing}
          </li>`,
        )}
      </ul>
    `;
  }

  render(): TemplateResult {
    const h = this.#host;
    const s = h.mergedStrings;
    const disabled = h.readOnly;
    return html`
      <form
        part="composer"
        class=${`composer${this.dragging ? ' dragging' : ''}`}
        @submit=${(e: Event) => (e.preventDefault(), void this.send())}
        @dragover=${this.#onDragOver}
        @dragleave=${() => ((this.dragging = false), this.#update())}
        @drop=${this.#onDrop}
      >
        ${this.dragging ? html`<div part="drop-hint" class="drop-hint" aria-hidden="true">${s.dropFiles}</div>` : nothing}
        ${this.#renderPopover()}
        ${this.attachments.length
          ? html`<div part="attachments" class="chips">
              ${this.attachments.map(
                (a, i) => html`<span part="attachment" class="chip"
                  >${a.name}
                  <button
                    type="button"
                    part="button remove-attachment"
                    class="chip-remove"
                    aria-label=${s.removeAttachment(a.name)}
                    @click=${() => (this.attachments.splice(i, 1), this.#update())}
                  >
                    ×
                  </button></span
                >`,
              )}
            </div>`
          : nothing}
        ${this.error ? html`<div part="composer-error" class="composer-error" role="alert">${this.error}</div>` : nothing}
        <textarea
          part="input"
          rows="2"
          aria-label=${s.message}
          placeholder=${disabled ? s.placeholderReadOnly : s.placeholder}
          ?disabled=${disabled}
          aria-autocomplete="list"
          aria-controls=${this.#popover ? 'composer-popover' : nothing}
          aria-activedescendant=${this.#popover ? `popover-${this.#popover.active}` : nothing}
          .value=${live(this.text)}
          @input=${this.#onInput}
          @keydown=${this.#onKeyDown}
          @paste=${this.#onPaste}
        ></textarea>
        <div part="composer-toolbar" class="toolbar">
          ${this.#renderPickers()}
          <input
            type="file"
            multiple
            hidden
            @change=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              void this.addFiles([...(input.files ?? [])]);
              input.value = '';
            }}
          />
          <button
            part="button attach"
            type="button"
            ?disabled=${disabled}
            @click=${(e: Event) => ((e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLInputElement>('input[type=file]'))?.click()}
          >
            ${s.attach}
          </button>
          <span class="spacer"></span>
          ${h.busy && !disabled
            ? html`<button part="button stop" class="danger" type="button" @click=${() => h.stop()}>${s.stop}</button>`
            : nothing}
          <button part="button send" class="primary" type="submit" ?disabled=${disabled || !h.connected}>${s.send}</button>
        </div>
      </form>
    `;
  }
}
