import { consume } from '@lit/context';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  ascendingId,
  OpencodeConnection,
  OpencodeError,
  type Arbiter,
  type AuthSource,
  type ConnectionState,
  type FetchLike,
  type PermissionReply,
  type ProvidersInfo,
} from '@oc-elements/core';
import type { Agent, Command, Model, PermissionRequest, QuestionRequest, Session } from '@opencode-ai/sdk/v2/types';
import { arbiterContext, connectionContext } from '../context.js';
import type { ArbitrationHost, ChatArbitration } from './arbitration.js';
import { lazyChunk } from './lazy-chunk.js';
import type { OcMessageSendDetail } from '../events/oc-message-send.js';
import type { OcSessionChangeDetail } from '../events/oc-session-change.js';
import '../events/events.js';
import { OcElement } from '../internal/oc-element.js';
import styles from './chat.styles.js';
import { Composer, type ComposerHost, type Draft } from './composer.js';
import type { MarkdownCache } from './markdown.js';
import { renderPermission, renderQuestion } from './prompts.js';
import type { RenderContext } from './render-context.js';
import { renderHeader, renderProblem, renderTodos } from './panels.js';
import { renderSessionList, type SessionsContext } from './sessions.js';
import { chatStrings, type ChatStrings, type OcChatStrings } from './strings.js';
import { renderTurn } from './transcript.js';
import type { ChatView } from './view.js';
import { ViewModel } from './view-model.js';

/**
 * The markdown pipeline (marked + DOMPurify) is fetched as soon as an `<oc-chat>` connects, in parallel
 * with the server handshake, so it is normally ready before the first message; until then text renders
 * as plain, escaped text.
 */
const markdownChunk = lazyChunk(() => import('./markdown.js'));
/** Notes and the hand-off card load only for a chat that has an arbiter (a shared browser). */
const arbitrationChunk = lazyChunk(() => import('./arbitration.js'));

/**
 * A complete chat with an opencode agent, talking to a real `opencode serve`.
 *
 * ```html
 * <oc-chat server="http://127.0.0.1:4096"></oc-chat>
 * <script type="module">
 *   import '@oc-elements/chat/oc-chat.js';
 *   document.querySelector('oc-chat').auth = { password: 'secret' }; // OPENCODE_SERVER_PASSWORD
 * </script>
 * ```
 *
 * Without `session` it shows the session list and starts a new session on the first message;
 * `session` reflects the open one, so a host that saves the attribute restores it after a reload.
 * Several elements can share one connection (one event stream) through `connection` or
 * `connectionContext`.
 *
 * @summary Agent chat for opencode: sessions, streaming transcript, tool cards, permissions,
 * questions, todos, composer with model/agent pickers, slash commands, @ files and attachments.
 *
 * @event {OcConnectionChangeEvent} oc-connection-change - The connection state changed (status, problem, version).
 * @event {OcSessionChangeEvent} oc-session-change - The open session changed.
 * @event {OcMessageSendEvent} oc-message-send - A prompt is about to be sent. Cancelable.
 * @event {OcPermissionReplyEvent} oc-permission-reply - The user answered a permission request.
 * @event {OcErrorEvent} oc-error - An action failed, or the open session reported an error.
 *
 * @csspart header - The top bar (session title, sessions toggle, usage).
 * @csspart sessions-toggle - The header button that shows or hides the session list.
 * @csspart session-heading - The open session's title.
 * @csspart back-to-parent - In a subagent session: the header button back to the parent session.
 * @csspart usage - Token and cost summary of the open session.
 * @csspart problem - The connection problem alert.
 * @csspart retry - The problem alert's Retry button.
 * @csspart connecting - The "connecting…" status line.
 * @csspart body - The area below the header: the session list and the open session.
 * @csspart main - The open session: transcript and todo panel.
 * @csspart footer - Below the open session: "jump to latest" and the composer.
 * @csspart sessions - The session list panel.
 * @csspart sessions-title - The session list's heading.
 * @csspart new-session - The New session button.
 * @csspart sessions-empty - The text shown when there are no sessions.
 * @csspart session-list - The list of sessions.
 * @csspart session-item - One session in the list.
 * @csspart session-button - The button that opens a session.
 * @csspart session-title - A listed session's title.
 * @csspart session-meta - A listed session's updated time.
 * @csspart session-status - A listed session's busy or idle state.
 * @csspart rename - A listed session's Rename button.
 * @csspart rename-form - The form that renames a session.
 * @csspart rename-input - The new title's text field.
 * @csspart delete - A listed session's Delete button.
 * @csspart confirm-delete - The "delete this session?" confirmation.
 * @csspart confirm-delete-button - The confirmation's Delete button.
 * @csspart transcript - The scrolling conversation log.
 * @csspart transcript-content - The log's content (what scrolls inside it).
 * @csspart load-earlier - The button that loads earlier messages.
 * @csspart empty - The text shown in a session without messages.
 * @csspart turn - One user message and its answers.
 * @csspart message - A user or assistant message.
 * @csspart user-message - A user message.
 * @csspart assistant-message - An assistant message.
 * @csspart bubble - The user's message bubble.
 * @csspart message-actions - A message's action buttons.
 * @csspart copy-message - Copies a user message.
 * @csspart copy-response - Copies an assistant's reply.
 * @csspart revert - Reverts the session to before a user message.
 * @csspart fork - Forks a new session from a user message.
 * @csspart reverted - The notice about reverted messages.
 * @csspart restore - The notice's Restore button.
 * @csspart text - A text part of a message.
 * @csspart markdown - Rendered markdown.
 * @csspart code-block - A fenced code block.
 * @csspart copy-code - A code block's copy button.
 * @csspart reasoning - A collapsible reasoning section.
 * @csspart attachment - An attachment: a file sent with a message, or a chip in the composer.
 * @csspart attachment-image - An image sent with a message.
 * @csspart compaction - The notice that the session was compacted.
 * @csspart interrupted - The badge on a reply that was stopped.
 * @csspart error-card - An error reported by the model provider.
 * @csspart copy-error - The error card's copy button.
 * @csspart retry-banner - The retry countdown.
 * @csspart turn-status - What the agent is doing now.
 * @csspart tool - A tool card.
 * @csspart tool-bash - A bash tool card.
 * @csspart tool-edit - An edit, write or apply_patch card.
 * @csspart tool-explore - A read, grep, glob or list card.
 * @csspart tool-task - A subagent (task) card.
 * @csspart tool-web - A webfetch or websearch card.
 * @csspart tool-question - A question tool card.
 * @csspart tool-generic - A card for an MCP or unknown tool.
 * @csspart tool-header - A tool card's summary line.
 * @csspart tool-name - The tool's name.
 * @csspart tool-subject - What the tool works on (a command, a file, a pattern).
 * @csspart tool-status - Pending, running, completed or error.
 * @csspart tool-details - A tool card's body.
 * @csspart tool-input - A tool's input, in the generic card.
 * @csspart tool-command - A bash card's command.
 * @csspart tool-exit - A bash card's exit code.
 * @csspart tool-error - A failed tool's error.
 * @csspart open-subagent - A task card's button that opens the subagent session.
 * @csspart diff - A diff inside an edit/write/patch card.
 * @csspart explore-group - Consecutive read/grep/glob/list calls folded into one line.
 * @csspart permission - An inline permission prompt.
 * @csspart permission-title - What the agent asks to do.
 * @csspart permission-detail - The prompt's details (the command or file).
 * @csspart permission-patterns - The patterns the request covers.
 * @csspart permission-always - What "Allow always" would allow.
 * @csspart permission-message - The optional message for the agent.
 * @csspart permission-actions - The prompt's buttons.
 * @csspart allow-once - The Allow once button.
 * @csspart allow-always - The Allow always button.
 * @csspart reject - The Reject button.
 * @csspart question - An inline question prompt.
 * @csspart question-item - One question of a prompt.
 * @csspart question-text - A question's text.
 * @csspart question-option - One answer to choose.
 * @csspart question-own - The "type your own answer" field.
 * @csspart question-actions - The prompt's buttons.
 * @csspart answer - The Answer button.
 * @csspart dismiss - The Dismiss button.
 * @csspart handoff - With an arbiter: a hand-off question as `<oc-handoff-card>` (its parts are exported as `handoff-*`, e.g. `handoff-done`).
 * @csspart arbitration-event - With an arbiter: a note in the transcript when who drives the shared browser changes.
 * @csspart todos - The todo panel.
 * @csspart todo - One todo.
 * @csspart jump-to-latest - The "jump to latest" button, shown when scrolled up.
 * @csspart readonly-note - In a subagent session, instead of the composer: why it is read-only.
 * @csspart composer - The message form.
 * @csspart input - The message text field.
 * @csspart composer-error - Why the composer refused a message or an attachment.
 * @csspart composer-toolbar - The row under the text field: pickers and buttons.
 * @csspart model-picker - The model picker.
 * @csspart agent-picker - The agent picker.
 * @csspart popover - The `/` command and `@` file suggestions.
 * @csspart drop-hint - The overlay shown while files are dragged over the composer.
 * @csspart attachments - The composer's attachment chips.
 * @csspart remove-attachment - An attachment chip's remove button.
 * @csspart attach - The Attach button.
 * @csspart send - The Send button.
 * @csspart stop - The Stop button.
 * @csspart button - Every button.
 *
 * @cssproperty --oc-color-background - Background.
 * @cssproperty --oc-color-surface - Cards, code and inputs.
 * @cssproperty --oc-color-text - Text.
 * @cssproperty --oc-color-muted - Secondary text.
 * @cssproperty --oc-color-border - Borders.
 * @cssproperty --oc-color-accent - Primary buttons, links, focus rings.
 * @cssproperty --oc-color-accent-text - Text on the accent colour.
 * @cssproperty --oc-color-danger - Errors and destructive actions.
 * @cssproperty --oc-color-success - Completed tools.
 * @cssproperty --oc-color-user-bubble - The user's bubble.
 * @cssproperty --oc-radius - Corner radius.
 * @cssproperty --oc-font-family - Text font.
 * @cssproperty --oc-font-mono - Code font.
 * @cssproperty --oc-font-size - Base font size.
 * @cssproperty --oc-spacing - Base spacing.
 * @cssproperty --oc-height - Height of the element (default 100%).
 */
export class OcChat extends OcElement implements ComposerHost {
  static override styles = styles;

  /** Base URL of `opencode serve`, e.g. `http://127.0.0.1:4096`. Ignored when `connection` is given. */
  @property() server = '';

  /** The open session id (`ses_…`). Reflects, so a page that restores attributes restores the session. */
  @property({ reflect: true }) session: string | undefined;

  /** opencode project directory; defaults to the server's own. */
  @property() directory: string | undefined;

  /** `light` or `dark`; unset follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  /**
   * Credentials (property only, never an attribute): `{ username?, password }` for opencode's Basic
   * auth, `{ token }` for a bearer-checking proxy, or a callback asked again after a 401.
   */
  @property({ attribute: false }) auth: AuthSource;

  /** A `fetch` to use for every request (e.g. to add headers or route through a proxy). */
  @property({ attribute: false }) fetch: FetchLike | undefined;

  /** A shared connection. When absent, one provided through `connectionContext` is used, else the element makes its own. */
  @property({ attribute: false }) connection: OpencodeConnection | undefined;

  /** Overrides for any user-visible string (English defaults). */
  @property({ attribute: false }) strings: Partial<OcChatStrings> = {};

  @consume({ context: connectionContext, subscribe: true })
  @state()
  private contextConnection: OpencodeConnection | undefined;

  /**
   * A control arbiter for a shared browser (`createArbiter` from `@oc-elements/core`). When absent, one provided
   * through `arbiterContext` (e.g. by `<oc-workspace>`) is used. With one, hand-off questions show as a hand-off
   * card (Take control, then Done / Couldn't) and changes of who drives show as notes in the transcript.
   */
  @property({ attribute: false }) arbiter: Arbiter | undefined;

  @consume({ context: arbiterContext, subscribe: true })
  @state()
  private contextArbiter: Arbiter | undefined;

  /** Model for the next prompt as `provider/model` (e.g. `anthropic/claude-sonnet-4`); '' uses the server default. The picker sets it. */
  @property() model = '';

  /** Primary agent for the next prompt (e.g. `build`, `plan`). The picker sets it. */
  @property() agent = 'build';

  @state() private providersInfo: ProvidersInfo | undefined;
  @state() private agentList: Agent[] = [];
  @state() private commandList: Command[] = [];
  @state() private showSessions = false;
  @state() private renaming: string | undefined;
  @state() private confirmingDelete: string | undefined;
  @state() private stickToBottom = true;
  @state() private loadingEarlier = false;

  #own: OpencodeConnection | undefined;
  #ownConfig: unknown[] = [];
  #active: OpencodeConnection | undefined;
  #detach: (() => void) | undefined;
  #unwatch: (() => void) | undefined;
  #watched: string | undefined;
  #viewModel = new ViewModel();
  #view: ChatView | undefined;
  #open = new Set<string>();
  #markdown: MarkdownCache | undefined;
  #composer = new Composer(this);
  #optimisticBusy: { sessionID: string; until: number } | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #fetchedSessions = new Map<string, Session>();
  #lastError: string | undefined;
  #seen: string | undefined;
  #commandLabels = new Map<string, string>();
  #merged: { from: Partial<OcChatStrings>; value: ChatStrings } | undefined;
  #arbiter: Arbiter | undefined;
  #arbitration: ChatArbitration | undefined;

  /** The connection in use (given, from context, or the element's own). */
  get activeConnection(): OpencodeConnection | undefined {
    return this.#active;
  }

  /** The strings in use: the English defaults with `strings` laid over them. */
  get mergedStrings(): ChatStrings {
    // Memoized on `strings`, so renders can tell "unchanged" by identity.
    if (this.#merged?.from !== this.strings) this.#merged = { from: this.strings, value: { ...chatStrings, ...this.strings } };
    return this.#merged.value;
  }

  /** The control arbiter in use (the `arbiter` property, else the one from `arbiterContext`). */
  get activeArbiter(): Arbiter | undefined {
    return this.#arbiter;
  }

  /** Whether the agent is working in the open session (shown optimistically right after sending). */
  get busy(): boolean {
    const view = this.#view;
    if (!view?.session) return false;
    if (view.status.type !== 'idle') return true;
    const optimistic = this.#optimisticBusy;
    return Boolean(optimistic && optimistic.sessionID === view.session.id && Date.now() < optimistic.until);
  }
  /** @internal */
  get readOnly(): boolean {
    return Boolean(this.#view?.session?.parentID);
  }
  /** @internal */
  get connected(): boolean {
    return this.#active?.state.status === 'connected';
  }
  /** @internal */
  get providers(): ProvidersInfo | undefined {
    return this.providersInfo;
  }
  /** @internal */
  get agents(): Agent[] {
    return this.agentList;
  }
  /** @internal */
  get commands(): Command[] {
    return this.commandList;
  }
  /** @internal */
  get projectDirectory(): string | undefined {
    return this.#active?.state.directory ?? this.directory;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Connect on the next update, not now: a page that sets `auth` right after the tag upgrades
    // (the usual `el.auth = …` after an import) must not cost a 401 round trip first.
    this.requestUpdate();
    if (!this.#markdown) {
      const ready = (m: typeof import('./markdown.js')) => {
        this.#markdown ??= new m.MarkdownCache({ copyLabel: this.mergedStrings.copyCode });
        this.requestUpdate();
      };
      if (markdownChunk.current) ready(markdownChunk.current);
      // Text stays plain meanwhile; the next connect tries again.
      else markdownChunk.load().then(ready, (error: unknown) => this.#fail('markdown', error));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#teardown();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const config = ['server', 'auth', 'fetch', 'directory'] as const;
    if (this.#own && this.#ownConfig.some((value, i) => value !== this[config[i]!])) {
      // The connection settings changed: the element's own connection is rebuilt with them.
      this.#detachActive();
      this.#own.stop();
      this.#own = undefined;
    }
    this.#attach();
    this.#attachArbiter();
    if (changed.has('session')) {
      this.#watch();
      this.stickToBottom = true;
      this.renaming = undefined;
      if (changed.get('session') !== undefined || this.session) this.showSessions = !this.session;
    }
    if (changed.has('strings') && this.#markdown) this.#markdown.options = { copyLabel: this.mergedStrings.copyCode };
    const state = this.#active?.store.getState();
    this.#view = state ? this.#viewModel.derive(state, this.session) : undefined;
    if (this.#view && this.session && !this.#view.session) {
      const fetched = this.#fetchedSessions.get(this.session);
      if (fetched) this.#view = { ...this.#view, session: fetched };
    }
    if (this.#view && this.#view.status.type !== 'idle') this.#optimisticBusy = undefined;
    // The open session was deleted (here or by another client): fall back to the list.
    if (this.#view?.session) this.#seen = this.#view.session.id;
    else if (this.session && this.#seen === this.session) {
      // A resync may also drop it from a (limited) list, so ask the server before closing it.
      this.#seen = undefined;
      void this.#checkDeleted(this.session);
    }
    this.#syncTicker();
    this.#reportSessionError();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // Growth (streamed text, a late image or highlight, a taller composer) is followed from a
    // ResizeObserver: it runs after layout, so reading scrollHeight there forces no extra layout.
    const log = this.#log;
    const content = log?.firstElementChild;
    if (content !== this.#observed) {
      this.#pin.disconnect();
      for (const el of content ? [log!, content] : []) this.#pin.observe(el);
      this.#observed = content;
    }
    const turns = this.#view?.turns ?? [];
    const newTurns = turns.length !== this.#turnCount;
    this.#turnCount = turns.length;
    // Rendered markdown of parts no longer shown is dropped; this walks every part, so only when turns change.
    if (newTurns) this.#markdown?.forget(new Set(turns.flatMap((t) => t.assistants.flatMap((a) => a.parts.map((p) => p.id)))));
    // New turns (a session's first page, a sent prompt) are pinned at once, before the frame lays out
    // the turns at the top only to scroll away from them.
    if (newTurns || changed.has('stickToBottom') || changed.has('session')) this.#pinToBottom();
  }

  #turnCount = -1;
  #observed: Element | null | undefined;
  #pin = new ResizeObserver(() => this.#pinToBottom());

  #pinToBottom(): void {
    const log = this.#log;
    if (log && this.stickToBottom) log.scrollTop = log.scrollHeight;
  }

  get #log(): HTMLElement | null | undefined {
    return this.shadowRoot?.querySelector<HTMLElement>('[part~="transcript"]');
  }

  // Connection wiring ---------------------------------------------------------------------------

  #attach(): void {
    if (!this.isConnected) return;
    let next = this.connection ?? this.contextConnection;
    if (!next && this.server) {
      if (!this.#own) {
        this.#own = new OpencodeConnection({ server: this.server, auth: this.auth, fetch: this.fetch, directory: this.directory });
        this.#ownConfig = [this.server, this.auth, this.fetch, this.directory];
      }
      next = this.#own;
    }
    if (next === this.#active) return;
    this.#detachActive();
    if (this.#own && next !== this.#own) {
      // A shared connection took over: the element's own one must not keep streaming unseen.
      this.#own.stop();
      this.#own = undefined;
    }
    this.#active = next;
    if (!next) return;
    const offState = next.onState((s) => this.#onConnectionState(s));
    const offStore = next.store.subscribe(() => this.requestUpdate());
    this.#detach = () => {
      offState();
      offStore();
    };
    if (next.state.status === 'connected') void this.#loadCatalogs(next);
    void next.start();
    this.#watch();
    this.requestUpdate();
  }

  /** What the arbitration chunk reads from and does through this chat. */
  #arbitrationHost(): ArbitrationHost {
    const chat = this; // the getters below have their own `this`
    return {
      get session() {
        return chat.session;
      },
      get busy() {
        return chat.busy;
      },
      requestUpdate: () => chat.requestUpdate(),
      answerQuestion: async (requestID, answers) => {
        await chat.#active?.client.answerQuestion(requestID, answers);
      },
      fail: (action, error) => chat.#fail(action, error),
      focusComposer: () => void chat.focusComposer(),
    };
  }

  /** Follows the arbiter in use, through the arbitration chunk (loaded the first time there is one). */
  #attachArbiter(): void {
    const next = this.isConnected ? (this.arbiter ?? this.contextArbiter) : undefined;
    if (next === this.#arbiter) return;
    this.#arbitration?.detach();
    this.#arbitration = undefined;
    this.#arbiter = next;
    this.requestUpdate();
    if (!next) return;
    arbitrationChunk.load().then(
      (chunk) => {
        if (this.#arbiter !== next || this.#arbitration) return; // changed while loading
        this.#arbitration = new chunk.ChatArbitration(next, this.#arbitrationHost());
        this.requestUpdate();
      },
      (error: unknown) => this.#fail('arbitration', error),
    );
  }

  #detachActive(): void {
    this.#detach?.();
    this.#detach = undefined;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#watched = undefined;
    this.#active = undefined;
  }

  #teardown(): void {
    this.#detachActive();
    this.#arbitration?.detach();
    this.#arbitration = undefined;
    this.#arbiter = undefined;
    this.#own?.stop();
    this.#own = undefined;
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #onConnectionState(s: ConnectionState): void {
    this.emit('oc-connection-change', s);
    if (s.status === 'connected' && this.#active) {
      void this.#loadCatalogs(this.#active);
      if (this.session) void this.#ensureSession(this.session);
    }
    this.requestUpdate();
  }

  #watch(): void {
    const conn = this.#active;
    if (this.#watched === this.session && this.#unwatch) return;
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#watched = this.session;
    if (conn && this.session) {
      this.#unwatch = conn.watchSession(this.session);
      if (conn.state.status === 'connected') void this.#ensureSession(this.session);
    }
  }

  /** Sessions not in the list (e.g. a subagent's child) are fetched once so the header can show them. */
  async #ensureSession(id: string): Promise<void> {
    const conn = this.#active;
    if (!conn || conn.store.getState().sessions[id] || this.#fetchedSessions.has(id)) return;
    try {
      this.#fetchedSessions.set(id, await conn.client.getSession(id));
      this.requestUpdate();
    } catch (error) {
      this.#fail('session', error);
    }
  }

  async #checkDeleted(id: string): Promise<void> {
    try {
      this.#fetchedSessions.set(id, await this.#active!.client.getSession(id));
      this.requestUpdate();
    } catch (error) {
      if (error instanceof OpencodeError && error.status === 404 && this.session === id) this.openSession(undefined, 'delete');
    }
  }

  async #loadCatalogs(conn: OpencodeConnection): Promise<void> {
    const [providers, agents, commands] = await Promise.allSettled([
      conn.client.providers(),
      conn.client.agents(),
      conn.client.commands(),
    ]);
    if (conn !== this.#active) return;
    if (providers.status === 'fulfilled') this.providersInfo = providers.value;
    if (agents.status === 'fulfilled') {
      this.agentList = agents.value;
      const primary = agents.value.filter((a) => (a.mode === 'primary' || a.mode === 'all') && !a.hidden);
      if (primary.length && !primary.some((a) => a.name === this.agent)) this.agent = primary[0]!.name;
    }
    if (commands.status === 'fulfilled') this.commandList = commands.value;
  }

  #syncTicker(): void {
    const retrying = this.#view?.status.type === 'retry' || this.#optimisticBusy;
    if (retrying && !this.#ticker) this.#ticker = setInterval(() => this.requestUpdate(), 1000);
    if (!retrying && this.#ticker) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }

  #reportSessionError(): void {
    const id = this.session;
    const error = id ? this.#active?.store.getState().errors[id] : undefined;
    const key = error ? `${id}:${JSON.stringify(error).slice(0, 200)}` : undefined;
    if (!error || key === this.#lastError || error.name === 'MessageAbortedError') {
      this.#lastError = key;
      return;
    }
    this.#lastError = key;
    const message = (error.data as { message?: string } | undefined)?.message ?? error.name;
    this.emit('oc-error', { action: 'session', message, error });
  }

  #fail(action: string, error: unknown): void {
    const message = error instanceof OpencodeError ? error.problem.message : error instanceof Error ? error.message : String(error);
    this.emit('oc-error', { action, message, error });
    this.#composer.error = message;
    this.requestUpdate();
  }

  // Public API ----------------------------------------------------------------------------------

  /** Opens a session (or none). Fires `oc-session-change`. */
  openSession(sessionID: string | undefined, reason: OcSessionChangeDetail['reason'] = 'select'): void {
    if (sessionID === this.session) return;
    this.session = sessionID;
    this.emit('oc-session-change', { sessionID, reason });
  }

  /** Creates a session and opens it. */
  async newSession(): Promise<string | undefined> {
    const conn = this.#active;
    if (!conn) return undefined;
    try {
      const session = await conn.client.createSession({});
      this.#fetchedSessions.set(session.id, session);
      this.openSession(session.id, 'create');
      return session.id;
    } catch (error) {
      this.#fail('create', error);
      return undefined;
    }
  }

  /** Sends `text` as if typed in the composer. Resolves false if it was not sent. */
  async send(text: string): Promise<boolean> {
    await this.updateComplete;
    return this.submit({ text, parts: [{ type: 'text', text }] });
  }

  /** Aborts the agent's current work in the open session. */
  stop(): void {
    const conn = this.#active;
    if (!conn || !this.session) return;
    this.#optimisticBusy = undefined;
    conn.client.abort(this.session).catch((error: unknown) => this.#fail('stop', error));
  }

  /** Moves focus to the composer. */
  async focusComposer(): Promise<void> {
    await this.updateComplete;
    this.#composer.focus();
  }

  // ComposerHost ---------------------------------------------------------------------------------

  /** @internal */
  async submit(draft: Draft): Promise<boolean> {
    const conn = this.#active;
    if (!conn || this.readOnly) return false;
    const sessionID = this.session ?? (await this.newSession());
    if (!sessionID) return false;
    const model = this.#modelRef();
    const detail: OcMessageSendDetail = { sessionID, text: draft.text, parts: draft.parts, agent: this.agent || undefined, model };
    if (draft.command) detail.command = draft.command;
    if (!this.emit('oc-message-send', detail, { cancelable: true })) return false;
    this.stickToBottom = true;
    this.#optimisticBusy = { sessionID, until: Date.now() + 5_000 };
    try {
      if (draft.command) {
        // The server stores the expanded template as the user's text; remember what was typed.
        const messageID = ascendingId('msg');
        this.#commandLabels.set(messageID, draft.text);
        // The command route is blocking (it returns when the reply is done): do not hold the composer.
        conn.client
          .command(sessionID, draft.command.name, draft.command.arguments, { agent: detail.agent, model, messageID })
          .catch((error: unknown) => this.#fail('send', error));
      } else {
        await conn.client.prompt(sessionID, draft.parts, { agent: detail.agent, model });
      }
      this.requestUpdate();
      return true;
    } catch (error) {
      this.#optimisticBusy = undefined;
      this.#fail('send', error);
      return false;
    }
  }

  /** @internal */
  findFiles(query: string): Promise<string[]> {
    return this.#active?.client.findFiles(query, 12) ?? Promise.resolve([]);
  }

  #modelRef(): { providerID: string; modelID: string } | undefined {
    if (!this.model) return undefined;
    const slash = this.model.indexOf('/');
    return { providerID: this.model.slice(0, slash), modelID: this.model.slice(slash + 1) };
  }

  /** @internal The model the next prompt will use: the picked one, else the session's last, else the server default. */
  currentModel(): Model | undefined {
    const info = this.providersInfo;
    if (!info) return undefined;
    const lookup = (providerID: string, modelID: string) => info.providers.find((p) => p.id === providerID)?.models[modelID];
    const picked = this.#modelRef();
    if (picked) return lookup(picked.providerID, picked.modelID);
    const last = this.#view?.turns.at(-1)?.user?.info.model;
    if (last?.providerID) return lookup(last.providerID, last.modelID);
    const [providerID, modelID] = Object.entries(info.default)[0] ?? [];
    return providerID && modelID ? lookup(providerID, modelID) : undefined;
  }

  // User intents ---------------------------------------------------------------------------------

  #replyPermission(request: PermissionRequest, reply: PermissionReply, message?: string): void {
    const conn = this.#active;
    if (!conn) return;
    this.emit('oc-permission-reply', { sessionID: request.sessionID, requestID: request.id, permission: request.permission, reply, message });
    conn.client.replyPermission(request.id, reply, message).catch((error: unknown) => this.#fail('permission', error));
    // The prompt (and the focused button) is about to disappear: keep keyboard users in the chat.
    void this.focusComposer();
  }

  #answerQuestion(request: QuestionRequest, answers: string[][]): void {
    this.#active?.client.answerQuestion(request.id, answers).catch((error: unknown) => this.#fail('question', error));
    void this.focusComposer();
  }

  #dismissQuestion(request: QuestionRequest): void {
    this.#active?.client.dismissQuestion(request.id).catch((error: unknown) => this.#fail('question', error));
    void this.focusComposer();
  }

  async #rename(id: string, title: string): Promise<void> {
    this.renaming = undefined;
    try {
      const session = await this.#active?.client.renameSession(id, title);
      if (session && this.#fetchedSessions.has(id)) this.#fetchedSessions.set(id, session);
    } catch (error) {
      this.#fail('rename', error);
    }
  }

  async #delete(id: string): Promise<void> {
    this.confirmingDelete = undefined;
    try {
      await this.#active?.client.deleteSession(id);
      this.#fetchedSessions.delete(id);
      if (id === this.session) this.openSession(undefined, 'delete');
    } catch (error) {
      this.#fail('delete', error);
    }
  }

  #revert(messageID: string): void {
    if (!this.session) return;
    this.#active?.client.revert(this.session, messageID).catch((error: unknown) => this.#fail('revert', error));
  }

  #unrevert(): void {
    if (!this.session) return;
    this.#active?.client.unrevert(this.session).catch((error: unknown) => this.#fail('restore', error));
  }

  async #fork(messageID: string): Promise<void> {
    if (!this.session) return;
    try {
      const session = await this.#active?.client.fork(this.session, messageID);
      if (session) {
        this.#fetchedSessions.set(session.id, session);
        this.openSession(session.id, 'fork');
      }
    } catch (error) {
      this.#fail('fork', error);
    }
  }

  #copy(text: string): void {
    navigator.clipboard?.writeText(text).catch(() => {});
  }

  // Scrolling ------------------------------------------------------------------------------------

  #onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    if (atBottom !== this.stickToBottom) this.stickToBottom = atBottom;
    if (log.scrollTop < 60) void this.#loadEarlier();
  };

  async #loadEarlier(): Promise<void> {
    const conn = this.#active;
    const id = this.session;
    if (!conn || !id || this.loadingEarlier || !conn.hasEarlier(id)) return;
    const log = this.#log;
    const before = log ? log.scrollHeight - log.scrollTop : 0;
    this.loadingEarlier = true;
    try {
      await conn.loadEarlier(id);
      conn.store.flush();
    } catch (error) {
      this.#fail('load', error);
    } finally {
      this.loadingEarlier = false;
    }
    await this.updateComplete;
    // Keep the message the user was reading in place while older ones are inserted above it.
    if (log) log.scrollTop = log.scrollHeight - before;
  }

  #jumpToLatest(): void {
    this.stickToBottom = true; // updated() scrolls there
  }

  #onLogClick = (event: Event): void => {
    const button = (event.target as HTMLElement).closest?.('button[data-oc-copy]');
    if (!button) return;
    const code = button.parentElement?.querySelector('pre')?.textContent ?? '';
    this.#copy(code);
    button.textContent = this.mergedStrings.copied;
    setTimeout(() => (button.textContent = this.mergedStrings.copyCode), 1500);
  };

  // Rendering ------------------------------------------------------------------------------------

  #renderContext(view: ChatView, s: ChatStrings): RenderContext {
    const byCall = <T extends { tool?: { callID: string } }>(list: readonly T[], callID: string) =>
      list.find((r) => r.tool?.callID === callID);
    return {
      strings: s,
      markdown: this.#markdown,
      now: Date.now(),
      readOnly: this.readOnly,
      permissionFor: (callID) => byCall(view.permissions, callID),
      questionFor: (callID) => byCall(view.questions, callID),
      childRequests: (id) => view.childRequests.get(id),
      replyPermission: (r, reply, message) => this.#replyPermission(r, reply, message),
      answerQuestion: (r, answers) => this.#answerQuestion(r, answers),
      dismissQuestion: (r) => this.#dismissQuestion(r),
      openSession: (id) => this.openSession(id),
      copy: (text) => this.#copy(text),
      revert: (id) => this.#revert(id),
      fork: (id) => void this.#fork(id),
      commandLabel: (id) => this.#commandLabels.get(id),
      arbitration: this.#arbiter ? (this.#arbitration ?? 'loading') : undefined,
      isOpen: (key) => this.#open.has(key),
      toggle: (key, open) => (open ? this.#open.add(key) : this.#open.delete(key)),
    };
  }

  #renderTranscript(view: ChatView, s: ChatStrings): TemplateResult {
    const ctx = this.#renderContext(view, s);
    const conn = this.#active;
    const turns = view.turns;
    // Requests are stale once the session is idle (an abort leaves them listed on the server).
    const active = view.status.type !== 'idle' && (view.permissions.length || view.questions.length);
    // Permission requests not attached to a tool card we show (e.g. asked before its part arrived); the walk
    // over every part happens only while requests are pending, not in every streamed frame.
    const shownCalls = new Set(active ? turns.flatMap((t) => t.assistants.flatMap((a) => a.parts.flatMap((p) => (p.type === 'tool' ? [p.callID] : [])))) : []);
    const loose = active ? view.permissions.filter((p) => !p.tool || !shownCalls.has(p.tool.callID)) : [];
    const looseQuestions = active ? view.questions.filter((q) => !q.tool || !shownCalls.has(q.tool.callID)) : [];
    const status = this.busy && view.status.type === 'idle' ? ({ type: 'busy' } as const) : view.status;
    // With an arbiter, turns holding a pending hand-off re-render when who drives changes.
    const arbitration = this.#arbitration;
    const handoffState =
      arbitration && [...view.questions, ...[...view.childRequests.values()].flatMap((r) => r.questions)].some((q) => arbitration.isHandoff(q))
        ? arbitration.state
        : null;
    const notes = arbitration && view.session && arbitration.notes.length ? arbitration.placeNotes(turns, view.session, status.type !== 'idle', s) : undefined;
    return html`
      <div
        part="transcript"
        class="log"
        role="log"
        aria-label=${s.transcript}
        tabindex="0"
        @scroll=${this.#onScroll}
        @click=${this.#onLogClick}
      ><div part="transcript-content">
        ${conn && this.session && conn.hasEarlier(this.session)
          ? html`<button part="button load-earlier" type="button" class="load-earlier" ?disabled=${this.loadingEarlier} @click=${() => this.#loadEarlier()}>
              ${this.loadingEarlier ? s.loadingEarlier : s.loadEarlier}
            </button>`
          : nothing}
        ${turns.length === 0 && !view.revertedCount
          ? html`<p part="empty" class="muted" role="status">${view.loaded ? s.empty : s.loadingMessages}</p>`
          : nothing}
        ${notes?.before ?? nothing}
        ${repeat(
          turns,
          (t) => t.id,
          (t, i) => {
            const last = i === turns.length - 1;
            const placed = notes?.byTurn.get(t.id);
            // Only the newest turn shows status and a countdown; older ones re-render only when
            // their messages, the pending prompts, the strings or their arbitration notes change.
            const deps = [t, last, last ? status : null, last ? ctx.now : 0, view.permissions, view.questions, view.childRequests, this.readOnly, s, handoffState, placed?.key];
            return guard(deps, () => renderTurn(t, last, status, ctx, placed?.slots));
          },
        )}
        ${view.revertedCount
          ? html`<div part="reverted" class="notice">
              ${s.revertedNotice(view.revertedCount)}
              <button part="button restore" type="button" @click=${() => this.#unrevert()}>${s.restore}</button>
            </div>`
          : nothing}
        ${loose.map((p) => renderPermission(p, ctx))} ${looseQuestions.map((q) => renderQuestion(q, ctx))}
      </div></div>
    `;
  }

  #sessionsContext(s: ChatStrings): SessionsContext {
    return {
      strings: s,
      now: Date.now(),
      current: this.session,
      renaming: this.renaming,
      confirmingDelete: this.confirmingDelete,
      select: (id) => this.openSession(id),
      create: () => void this.newSession(),
      startRename: (id) => {
        this.renaming = id;
        this.confirmingDelete = undefined;
        if (id) void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLInputElement>('[part~="rename-input"]')?.select());
      },
      rename: (id, title) => void this.#rename(id, title),
      askDelete: (id) => {
        this.confirmingDelete = id;
        this.renaming = undefined;
        if (id) void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>('[part~="confirm-delete-button"]')?.focus());
      },
      remove: (id) => void this.#delete(id),
    };
  }

  protected override render(): TemplateResult {
    const s = this.mergedStrings;
    const view = this.#view;
    const listOnly = !view?.session && !this.session;
    const showList = Boolean(view) && (listOnly || this.showSessions);
    return html`
      ${renderHeader(view, s, {
        showSessions: this.showSessions,
        toggleSessions: () => (this.showSessions = !this.showSessions),
        openSession: (id) => this.openSession(id),
      })}
      ${this.#active ? renderProblem(this.#active, s) : nothing}
      <div part="body" class=${`body${listOnly ? ' list-only' : ''}${showList ? ' with-list' : ''}`}>
        ${showList && view ? renderSessionList(view.sessions, this.#sessionsContext(s)) : nothing}
        ${!listOnly && view
          ? html`<div part="main" class="main">${this.#renderTranscript(view, s)} ${renderTodos(view.todos, s)}</div>`
          : nothing}
      </div>
      <div part="footer" class="footer">
        ${!this.stickToBottom && !listOnly
          ? html`<button part="button jump-to-latest" type="button" class="jump" @click=${() => this.#jumpToLatest()}>
              ${s.jumpToLatest}
            </button>`
          : nothing}
        ${this.readOnly && view?.session?.parentID
          ? html`<div part="readonly-note" class="readonly-note">
              ${s.subagentReadOnly}
              <button part="button" type="button" @click=${() => this.openSession(view.session!.parentID)}>${s.backToParent}</button>
            </div>`
          : this.#composer.render()}
      </div>
    `;
  }
}
