import { html, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { OcElement } from '@oc-elements/chat/internal/oc-element.js';
import { arbiterContext, connectionContext } from '@oc-elements/chat/context.js';
import '@oc-elements/chat/oc-chat.js';
import { OpencodeConnection, createArbiter, type Arbiter, type AuthSource, type FetchLike, type NekoAuth, type NekoClientOptions, type Policy } from '@oc-elements/core';
import '../oc-cobrowser.js';
import type { OcCobrowser } from '../cobrowser/cobrowser.component.js';
import type { OcCobrowserStrings } from '../cobrowser/strings.js';
import type { OcChatStrings } from '@oc-elements/chat';
import { BROWSER_PARTS, CHAT_PARTS, exportParts } from './parts.js';
import styles from './workspace.styles.js';


/**
 * @summary An agent chat and a shared live browser side by side: `<oc-chat>` and `<oc-cobrowser>` on one
 * opencode connection and one control arbiter, so the agent and the human take turns driving the browser.
 *
 * The workspace opens one `OpencodeConnection` (or uses `connection`) and provides it to the inner `<oc-chat>`
 * through `connectionContext`; it creates one `Arbiter` from that connection and the co-browser's neko member and
 * provides it through `arbiterContext`, which switches the inner `<oc-cobrowser>` to arbitration mode and lets the inner
 * `<oc-chat>` show hand-off cards and who-drives notes in its transcript. The layout
 * is two columns, stacked (chat above the browser) when the element is narrower than 760 px.
 *
 * @event oc-driver-change - (from the co-browser) `{ mode, driver, name, you }` when the mode or who drives changes.
 * @event oc-connection-change - (from either inner element) connection state changes.
 * @event oc-error - (from either inner element) failures.
 *
 * @csspart base - The scroll container.
 * @csspart layout - The grid holding both elements.
 * @csspart chat - The inner `<oc-chat>`; its parts are exported as `chat-<part>` (e.g. `chat-composer`).
 * @csspart cobrowser - The inner `<oc-cobrowser>`; its parts are exported as `browser-<part>` (e.g. `browser-toolbar`, `browser-handoff-done`).
 *
 * @cssproperty --oc-workspace-height - Height of the element (default 640px).
 * @cssproperty --oc-workspace-gap - Gap between chat and browser.
 * @cssproperty --oc-workspace-chat-width - Chat column track (default `minmax(300px, 2fr)`).
 * @cssproperty --oc-workspace-browser-width - Browser column track (default `3fr`).
 * @cssproperty --oc-workspace-stacked-chat-height - Chat height when stacked (default 420px).
 * @cssproperty --oc-workspace-stacked-browser-height - Browser height when stacked (default 420px).
 * @cssproperty --oc-font-family - Font family (inherited by both elements, like every other `--oc-*` token).
 *
 * @dependency oc-chat
 * @dependency oc-cobrowser
 */
export class OcWorkspace extends OcElement {
  static override styles = styles;

  /** Base URL of `opencode serve`. Ignored when `connection` is set. */
  @property() server = '';

  /** opencode credentials (`{ password, username? }`, `{ token }` or a refresh callback). Property only. */
  @property({ attribute: false }) auth: AuthSource;

  /** Injected fetch for the opencode connection (proxies, tests). Property only. */
  @property({ attribute: false }) fetch: FetchLike | undefined;

  /** A shared `OpencodeConnection` made by the page; the workspace then opens none of its own. */
  @property({ attribute: false }) connection: OpencodeConnection | undefined;

  /** Base URL of the neko v3 server that serves the shared browser. */
  @property() browser = '';

  /** neko credentials (`{ username, password }` or `{ token }`). Property only. */
  @property({ attribute: false }) browserAuth: NekoAuth | undefined;

  /** Advanced: extra options for the co-browser's neko client. Property only. */
  @property({ attribute: false }) browserClientOptions: Partial<NekoClientOptions> | undefined;

  /**
   * Who wins when both want the browser: `human-first` (a Take control wins at the agent's next safe point),
   * `agent-first` (a take waits until the agent's queued browser actions ran) or `ask` (every agent browser
   * action waits for an Allow).
   */
  @property({ reflect: true }) policy: Policy = 'human-first';

  /** Session shown in the chat (as `<oc-chat session>`). */
  @property({ reflect: true }) session: string | undefined;

  /** Overrides for the chat's strings (as `<oc-chat>`'s `strings`). Property only. */
  @property({ attribute: false }) chatStrings: Partial<OcChatStrings> = {};

  /** Overrides for the co-browser's strings (as `<oc-cobrowser>`'s `strings`). Property only. */
  @property({ attribute: false }) browserStrings: Partial<OcCobrowserStrings> = {};

  @provide({ context: connectionContext })
  @state()
  private providedConnection: OpencodeConnection | undefined;

  @provide({ context: arbiterContext })
  @state()
  private providedArbiter: Arbiter | undefined;

  @query('oc-cobrowser') private cobrowserEl!: OcCobrowser | null;

  private own: OpencodeConnection | undefined;
  private ownKey: unknown[] = [];
  private arbiterFor: { connection?: OpencodeConnection; neko?: unknown } = {};

  /** The opencode connection both elements share. */
  get activeConnection(): OpencodeConnection | undefined {
    return this.providedConnection;
  }

  /** The control arbiter shared with the co-browser and the chat. */
  get arbiter(): Arbiter | undefined {
    return this.providedArbiter;
  }

  /** The inner co-browser. */
  get cobrowser(): OcCobrowser | null {
    return this.cobrowserEl;
  }

  /** Takes the browser from the agent at its next safe point. */
  async takeControl(): Promise<void> {
    await this.updateComplete;
    this.providedArbiter?.takeControl();
  }

  /** Hands the browser back to the agent. */
  async handBack(): Promise<void> {
    await this.updateComplete;
    this.providedArbiter?.handBack();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropArbiter();
    this.own?.stop();
    this.own = undefined;
    this.providedConnection = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.syncConnection();
    this.syncArbiter();
    if (changed.has('policy')) this.providedArbiter?.setPolicy(this.policy);
  }

  private syncConnection(): void {
    if (!this.isConnected) return;
    const key = [this.server, this.auth, this.fetch];
    if (this.own && key.some((v, i) => v !== this.ownKey[i])) {
      this.own.stop();
      this.own = undefined;
    }
    let next = this.connection;
    if (!next && this.server) {
      this.own ??= new OpencodeConnection({ server: this.server, auth: this.auth, fetch: this.fetch });
      this.ownKey = key;
      next = this.own;
    }
    if (next !== this.providedConnection) {
      this.providedConnection = next;
      void next?.start();
    }
  }

  /**
   * One arbiter per (connection, neko member): rebuilt when either changes (e.g. new credentials). With a
   * browser configured it waits for the co-browser's neko member (its oc-connection-change), rather than
   * build one without it only to replace it; without a browser it only observes the agent.
   */
  private syncArbiter = (): void => {
    const connection = this.providedConnection;
    const neko = this.cobrowserEl?.nekoClient;
    if (!this.isConnected) return;
    if (this.arbiterFor.connection === connection && this.arbiterFor.neko === neko) return;
    if (this.browser && !neko) {
      // Keep the arbiter through a neko reconnect; a new connection waits for neko like the first one.
      if (this.arbiterFor.connection !== connection) this.dropArbiter();
      return;
    }
    this.dropArbiter();
    this.arbiterFor = { connection, neko };
    if (connection) this.providedArbiter = createArbiter({ connection, neko, policy: this.policy });
  };

  private dropArbiter(): void {
    this.providedArbiter?.dispose();
    this.providedArbiter = undefined;
    this.arbiterFor = {};
  }

  override render() {
    return html`<div part="base" class="base">
      <div part="layout" class="layout">
        <oc-chat part="chat" exportparts=${exportParts('chat', CHAT_PARTS)} .session=${this.session} .strings=${this.chatStrings}></oc-chat>
        <oc-cobrowser
          part="cobrowser"
          exportparts=${exportParts('browser', BROWSER_PARTS)}
          .server=${this.browser}
          .auth=${this.browserAuth}
          .clientOptions=${this.browserClientOptions}
          .strings=${this.browserStrings}
          @oc-connection-change=${this.syncArbiter}
        ></oc-cobrowser>
      </div>
    </div>`;
  }
}
