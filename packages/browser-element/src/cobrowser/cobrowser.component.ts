import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { OcElement } from '@oc-elements/chat/internal/oc-element.js';
import {
  NekoClient,
  buttonFromMouse,
  computeViewport,
  containerToRemote,
  isComposingKey,
  keysymFromKey,
  memberName,
  remoteToContainer,
  wheelToClicks,
  type NekoAuth,
  type NekoClientOptions,
  type NekoError,
  type NekoState,
  type Arbiter,
  type ArbiterState,
  type ScaleMode,
  type ScreenSize,
  type Viewport,
} from '@oc-elements/core';
import styles from './cobrowser.styles.js';
import type {} from '@oc-elements/chat/events.js';
import '../events/oc-control-change.js';

import '../events/oc-handoff.js';
import { renderHandoffCard } from '@oc-elements/chat/oc-handoff-card.js';
import { arbiterContext } from '@oc-elements/chat/context.js';
import { defaultCobrowserStrings, type OcCobrowserStrings } from './strings.js';

/** Each connection status's word in the toolbar (and in the overlay, unless it says more). */
const STATUS_STRING = {
  idle: 'notConnected',
  'logging-in': 'loggingIn',
  connecting: 'connecting',
  negotiating: 'startingVideo',
  streaming: 'live',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
} as const satisfies Record<string, keyof OcCobrowserStrings>;
const statusText = (status: string, t: OcCobrowserStrings): string =>
  status in STATUS_STRING ? t[STATUS_STRING[status as keyof typeof STATUS_STRING]] : status;

/**
 * @summary A live view of a shared remote browser served by neko v3, with take/release control.
 *
 * @event oc-connection-change - `{ status, reason?, graceDeadline? }` whenever the connection state changes.
 * @event oc-control-change - `{ driver: 'you' | 'member' | 'none', hostId, name }` whenever who drives changes.
 * @event oc-error - `{ code, message, status? }` on login/connection/control failures.
 * @event oc-driver-change - Arbitration mode: `{ mode, driver: 'agent' | 'human' | 'nobody', name, you }` when the mode or who drives changes.
 *
 * @csspart base - The outer frame.
 * @csspart toolbar - The row of controls above the screen.
 * @csspart status - The live region saying who drives.
 * @csspart connection - The connection state text.
 * @csspart take-control - The "Take control" button.
 * @csspart release-control - The "Release control" button.
 * @csspart unmute - The audio (un)mute button.
 * @csspart scale - The fit / fill / 1:1 select.
 * @csspart resolution - The resolution select (admins).
 * @csspart paste - The "Paste" button.
 * @csspart fullscreen - The fullscreen button.
 * @csspart stats-toggle - The stats HUD toggle.
 * @csspart screen - The focusable remote screen (role application).
 * @csspart stage - The scroll/positioning box inside the screen.
 * @csspart video - The remote video.
 * @csspart frozen-frame - The last frame kept while reconnecting.
 * @csspart cursor - The remote cursor drawn by the client.
 * @csspart keyboard - The hidden text field that receives IME / soft-keyboard input.
 * @csspart overlay - The connection state overlay.
 * @csspart requests - Incoming control requests (when you drive).
 * @csspart give-control - A request's "Give control" button.
 * @csspart dismiss-request - A request's "Dismiss" button.
 * @csspart notice - Control request notices.
 * @csspart stats - The stats HUD.
 * @csspart hand-back - Arbitration mode: the "Hand back to agent" button.
 * @csspart privacy - Arbitration mode: the "Hide the browser from the agent" toggle (its label).
 * @csspart agent-action - Arbitration mode: the overlay saying what the agent is doing now.
 * @csspart waiting - Arbitration mode: agent browser actions waiting (for a hand back, or an Allow in `ask` policy).
 * @csspart approve - Arbitration mode, `ask` policy: a waiting action's "Allow" button.
 * @csspart deny - Arbitration mode, `ask` policy: a waiting action's "Deny" button.
 * @csspart handoff - Arbitration mode: the hand-off card (`<oc-handoff-card>`; its parts are exported as `handoff-*`).
 *
 * @dependency oc-handoff-card
 *
 * @cssproperty --oc-cobrowser-background - Screen background (letterbox colour).
 * @cssproperty --oc-cobrowser-overlay-background - Overlay background.
 * @cssproperty --oc-cobrowser-overlay-color - Overlay text colour.
 * @cssproperty --oc-color-surface - Toolbar / frame background.
 * @cssproperty --oc-color-text - Text colour.
 * @cssproperty --oc-color-border - Border colour.
 * @cssproperty --oc-color-accent - Accent (primary button, focus ring).
 * @cssproperty --oc-color-on-accent - Text on the accent colour.
 * @cssproperty --oc-radius - Corner radius.
 * @cssproperty --oc-font-family - Font family.
 * @cssproperty --oc-font-size - Base font size.
 * @cssproperty --oc-focus-ring - Focus outline.
 * @cssproperty --oc-cobrowser-agent-background - Background of the agent action overlay.
 * @cssproperty --oc-cobrowser-agent-color - Text colour of the agent action overlay.
 *
 * Arbitration mode: when an `Arbiter` from `@oc-elements/core` is set (`arbiter` property) or provided by an
 * ancestor (`<oc-workspace>`, through `arbiterContext`), the element shares the browser with the agent: the status
 * says who drives (agent, you, another human, nobody), Take control / Hand back to agent go through the arbiter,
 * input is sent only while the arbiter allows it, the agent's current action is shown over the screen, and a
 * hand-off card appears when the agent asks for help. Without an arbiter it behaves as a plain neko viewer.
 */
export class OcCobrowser extends OcElement {
  static override styles = styles;

  /** Base URL of the neko v3 server, e.g. `https://neko.example`. */
  @property() server = '';

  /** Credentials: `{ username, password }` or `{ token }`. Property only, never an attribute. */
  @property({ attribute: false }) auth: NekoAuth | undefined;

  /** Watch only: no input is sent and control is never requested. */
  @property({ type: Boolean, attribute: 'view-only', reflect: true }) viewOnly = false;

  /** How the remote screen is scaled: `fit` (letterbox), `fill` (crop) or `1:1`. */
  @property({ reflect: true }) scale: ScaleMode = 'fit';

  /** Show the stats HUD (RTT, fps, bitrate, packet loss). */
  @property({ type: Boolean, attribute: 'show-stats', reflect: true }) showStats = false;

  /** Advanced: extra options for the neko client (timeouts, injected fetch/WebSocket for tests). */
  @property({ attribute: false }) clientOptions: Partial<NekoClientOptions> | undefined;

  /**
   * Control arbiter shared with an agent (`createArbiter({ connection, neko: el.nekoClient })`). Switches the
   * element to arbitration mode. When absent, one provided by an ancestor (`<oc-workspace>`) is used.
   */
  @property({ attribute: false }) arbiter: Arbiter | undefined;

  /** Overrides for any of the element's strings (English defaults, `OcCobrowserStrings`). Property only. */
  @property({ attribute: false }) strings: Partial<OcCobrowserStrings> = {};

  #merged: { from: Partial<OcCobrowserStrings>; value: OcCobrowserStrings } | undefined;

  /** The strings in use: the defaults with `strings` over them, one object per `strings` (renders compare by identity). */
  private get s(): OcCobrowserStrings {
    if (this.#merged?.from !== this.strings) this.#merged = { from: this.strings, value: { ...defaultCobrowserStrings, ...this.strings } };
    return this.#merged.value;
  }

  @consume({ context: arbiterContext, subscribe: true })
  @state()
  private contextArbiter: Arbiter | undefined;

  @state() private arb: ArbiterState | undefined;

  @state() private neko: NekoState | undefined;
  @state() private muted = true;
  @state() private containerSize = { width: 0, height: 0 };
  @state() private localCursor: { x: number; y: number } | null = null;
  @state() private now = Date.now();

  @query('.screen') private screenEl!: HTMLDivElement;
  @query('.video') private videoEl!: HTMLVideoElement;
  @query('.keyboard') private keyboardEl!: HTMLTextAreaElement;
  @query('.frozen-frame') private frozenEl!: HTMLCanvasElement;

  private client: NekoClient | undefined;
  private unsubscribers: (() => void)[] = [];
  private resizeObserver: ResizeObserver | undefined;
  private pendingMove: { x: number; y: number } | null = null;
  private moveFrame = 0;
  private wheelCarry = { x: 0, y: 0 };
  private cursorUrl: string | undefined;
  private cursorSerial = -1;
  private tick: ReturnType<typeof setInterval> | undefined;
  private hasFrozenFrame = false;
  private lastConnection = '';
  private lastDriver = '';
  private lastArbDriver = '';
  private activeArbiter: Arbiter | undefined;
  private offArbiter: (() => void) | undefined;

  /** The neko client (for advanced use: `send/broadcast`, raw events). */
  get nekoClient(): NekoClient | undefined {
    return this.client;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.client) this.requestUpdate('server');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.attachArbiter(undefined);
    this.stop();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
  }

  protected override firstUpdated(): void {
    // The observer's first callback (before the first paint) takes the initial size.
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(this.screenEl);
    // wheel must be non-passive to stop the page from scrolling while driving
    this.screenEl.addEventListener('wheel', this.onWheel, { passive: false });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('viewOnly')) this.client?.setViewOnly(this.viewOnly);
    if (changed.has('showStats')) this.client?.setStatsEnabled(this.showStats);
    if (changed.has('server') || changed.has('auth') || changed.has('clientOptions')) {
      this.stop();
      this.start();
    }
    this.attachArbiter(this.isConnected ? (this.arbiter ?? this.contextArbiter) : undefined);
  }

  /** The arbiter in use (set, or from an ancestor), or undefined outside arbitration mode. */
  get activeArbitration(): Arbiter | undefined {
    return this.activeArbiter;
  }

  private attachArbiter(next: Arbiter | undefined): void {
    if (next === this.activeArbiter) return;
    this.offArbiter?.();
    this.offArbiter = undefined;
    this.activeArbiter = next;
    this.arb = next?.getState();
    this.lastArbDriver = '';
    if (next) {
      this.offArbiter = next.subscribe((s) => {
        this.arb = s;
        this.reportDriver(s);
      });
      if (this.arb) this.reportDriver(this.arb);
    }
  }

  private reportDriver(s: ArbiterState): void {
    const key = `${s.mode}|${s.driver}|${s.humanId ?? ''}|${s.you}`;
    if (key === this.lastArbDriver) return;
    this.lastArbDriver = key;
    this.emit('oc-driver-change', { mode: s.mode, driver: s.driver, name: s.humanName ?? null, you: s.you });
  }

  protected override updated(): void {
    this.syncMedia();
  }

  /**
   * Asks for control (admins take it directly when someone else drives). In arbitration mode the
   * arbiter takes it at the next safe point (the agent's current browser action ends first).
   */
  async requestControl(): Promise<void> {
    await this.updateComplete;
    const c = this.client;
    const s = this.neko;
    if (this.viewOnly) return;
    if (this.activeArbiter) return this.activeArbiter.takeControl();
    if (!c || !s) return;
    if (s.profile?.is_admin && s.control.hostId && !s.control.isHost) await c.takeControl();
    else c.requestControl();
  }

  /** Releases held keys/buttons, then control. In arbitration mode: hands the browser back to the agent. */
  async releaseControl(): Promise<void> {
    await this.updateComplete;
    if (this.activeArbiter) return this.activeArbiter.handBack();
    this.client?.releaseControl();
  }

  /** Arbitration mode: hands the browser back to the agent (same as `releaseControl()`). */
  async handBack(): Promise<void> {
    return this.releaseControl();
  }

  /** Hands control to another member (you must drive, or be admin). */
  async giveControl(sessionId: string): Promise<void> {
    await this.updateComplete;
    await this.client?.giveControl(sessionId);
  }

  // ───────────────────────── lifecycle ─────────────────────────

  private start(): void {
    if (this.client || !this.isConnected || !this.server || !this.auth) return;
    const client = new NekoClient({ ...this.clientOptions, server: this.server, auth: this.auth, viewOnly: this.viewOnly });
    this.client = client;
    this.unsubscribers.push(
      client.subscribe((s) => this.onState(s)),
      client.onError((e) => this.onError(e)),
    );
    if (this.showStats) client.setStatsEnabled(true);
    void client.connect();
  }

  private stop(): void {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    this.unsubscribers.forEach((u) => u());
    this.unsubscribers = [];
    void client.disconnect();
    cancelAnimationFrame(this.moveFrame);
    clearInterval(this.tick);
    this.tick = undefined;
    if (this.cursorUrl) URL.revokeObjectURL(this.cursorUrl);
    this.cursorUrl = undefined;
    this.cursorSerial = -1;
    this.neko = undefined;
  }

  private onState(s: NekoState): void {
    const prev = this.neko;
    this.neko = s;
    const conn = s.connection;
    const connKey = `${conn.status}|${'reason' in conn ? conn.reason : ''}`;
    if (connKey !== this.lastConnection) {
      this.lastConnection = connKey;
      if (prev?.connection.status === 'streaming' && conn.status !== 'streaming') this.freezeFrame();
      if (conn.status === 'streaming') this.hasFrozenFrame = false;
      if (conn.status === 'reconnecting' && !this.tick) {
        this.tick = setInterval(() => (this.now = Date.now()), 500);
      } else if (conn.status !== 'reconnecting' && this.tick) {
        clearInterval(this.tick);
        this.tick = undefined;
      }
      this.emit('oc-connection-change', {
        status: conn.status,
        ...(conn.status === 'disconnected' ? { reason: conn.reason } : {}),
        ...(conn.status === 'reconnecting' ? { graceDeadline: conn.graceDeadline } : {}),
      });
    }
    const d = s.driver;
    const driverKey = `${d.kind}|${s.control.hostId ?? ''}|${d.kind === 'member' ? d.name : ''}`;
    if (driverKey !== this.lastDriver) {
      this.lastDriver = driverKey;
      if (!s.control.isHost) this.localCursor = null;
      this.emit('oc-control-change', {
        driver: d.kind,
        hostId: s.control.hostId,
        name: d.kind === 'you' ? 'You' : d.kind === 'member' ? d.name : null,
      });
    }
    if (s.cursorImage && s.cursorImage.serial !== this.cursorSerial) {
      this.cursorSerial = s.cursorImage.serial;
      if (this.cursorUrl) URL.revokeObjectURL(this.cursorUrl);
      this.cursorUrl = URL.createObjectURL(new Blob([s.cursorImage.png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
    }
  }

  private onError(e: NekoError): void {
    this.emit('oc-error', { code: e.code, message: e.message, ...(e.status !== undefined ? { status: e.status } : {}) });
  }

  private syncMedia(): void {
    const video = this.videoEl;
    if (!video) return;
    const media = this.neko?.media ?? null;
    if (video.srcObject !== media && media) {
      video.srcObject = media;
      video.play().catch(() => {
        /* autoplay refused: stays paused until the user unmutes */
      });
    }
    video.muted = this.muted;
  }

  private freezeFrame(): void {
    const video = this.videoEl;
    const canvas = this.frozenEl;
    if (!video || !canvas || !video.videoWidth) return;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    try {
      canvas.getContext('2d')?.drawImage(video, 0, 0);
      this.hasFrozenFrame = true;
    } catch {
      this.hasFrozenFrame = false;
    }
  }

  private measure(): void {
    const el = this.screenEl;
    if (!el) return;
    const width = el.clientWidth;
    const height = el.clientHeight;
    if (width !== this.containerSize.width || height !== this.containerSize.height) this.containerSize = { width, height };
  }

  // ───────────────────────── geometry ─────────────────────────

  private get remoteSize(): ScreenSize | null {
    return this.neko?.screen ?? null;
  }

  private get viewport(): Viewport {
    const remote = this.remoteSize;
    if (!remote) return { x: 0, y: 0, width: 0, height: 0, scale: 0 };
    return computeViewport(this.containerSize, remote, this.scale, this.scale === '1:1' ? window.devicePixelRatio || 1 : 1);
  }

  /** Remote screen pixel under a client (viewport) position. */
  private toRemote(clientX: number, clientY: number): { x: number; y: number; inside: boolean } | null {
    const remote = this.remoteSize;
    if (!remote) return null;
    const el = this.screenEl;
    const rect = el.getBoundingClientRect();
    const px = clientX - rect.left - el.clientLeft + el.scrollLeft;
    const py = clientY - rect.top - el.clientTop + el.scrollTop;
    return containerToRemote(px, py, this.viewport, remote);
  }

  /** Whether this viewer may send input now (in arbitration mode only while the arbiter allows it). */
  private get driving(): boolean {
    if (this.viewOnly || !this.neko?.control.isHost) return false;
    return this.activeArbiter ? !!this.arb?.inputAllowed : true;
  }

  // ───────────────────────── input ─────────────────────────

  /** Events on our own controls drawn over the screen (control requests, notices, stats) are not remote input. */
  private onOwnUi(e: Event): boolean {
    const t = e.composedPath()[0];
    return t instanceof Element && !!t.closest('.requests, .notice, .stats');
  }

  private onPointerMove = (e: PointerEvent) => {
    if (!this.driving || this.onOwnUi(e)) return;
    if (e.pointerType === 'touch' && this.neko?.touchEvents) return this.onTouch(e, 'touchupdate');
    const p = this.toRemote(e.clientX, e.clientY);
    if (!p) return;
    this.localCursor = { x: p.x, y: p.y };
    // coalesce to one move per animation frame
    this.pendingMove = { x: p.x, y: p.y };
    if (!this.moveFrame) {
      this.moveFrame = requestAnimationFrame(() => {
        this.moveFrame = 0;
        this.flushMove();
      });
    }
  };

  private flushMove(): void {
    const m = this.pendingMove;
    this.pendingMove = null;
    if (m) this.client?.move(m.x, m.y);
  }

  private onPointerDown = (e: PointerEvent) => {
    if (!this.driving || this.onOwnUi(e)) return;
    e.preventDefault();
    this.focusKeyboard();
    if (e.pointerType === 'touch' && this.neko?.touchEvents) return this.onTouch(e, 'touchbegin');
    const button = buttonFromMouse(e.button);
    const p = this.toRemote(e.clientX, e.clientY);
    if (button === undefined || !p) return;
    try {
      this.screenEl.setPointerCapture(e.pointerId);
    } catch {
      /* synthetic events have no active pointer */
    }
    cancelAnimationFrame(this.moveFrame);
    this.moveFrame = 0;
    this.pendingMove = null;
    this.client?.buttonDown(button, p.x, p.y);
  };

  private onPointerUp = (e: PointerEvent) => {
    if (!this.driving || this.onOwnUi(e)) return;
    if (e.pointerType === 'touch' && this.neko?.touchEvents) return this.onTouch(e, 'touchend');
    const button = buttonFromMouse(e.button);
    const p = this.toRemote(e.clientX, e.clientY);
    if (button === undefined || !p) return;
    this.flushMove();
    this.client?.buttonUp(button, p.x, p.y);
  };

  private onTouch(e: PointerEvent, type: 'touchbegin' | 'touchupdate' | 'touchend'): void {
    const p = this.toRemote(e.clientX, e.clientY);
    if (!p) return;
    e.preventDefault();
    this.client?.touch(type, e.pointerId, p.x, p.y, Math.round((e.pressure || 0.5) * 255));
  }

  private onWheel = (e: WheelEvent) => {
    if (!this.driving) return;
    e.preventDefault();
    // the remote scrolls under its pointer: send a move still waiting for its animation frame first
    cancelAnimationFrame(this.moveFrame);
    this.moveFrame = 0;
    this.flushMove();
    const x = wheelToClicks(e.deltaX, e.deltaMode, this.wheelCarry.x);
    const y = wheelToClicks(e.deltaY, e.deltaMode, this.wheelCarry.y);
    this.wheelCarry = { x: x.carry, y: y.carry };
    this.client?.scroll(x.clicks, y.clicks, e.ctrlKey);
  };

  private onContextMenu = (e: Event) => {
    if (this.driving) e.preventDefault();
  };

  private onKeyDown = (e: KeyboardEvent) => {
    if (!this.driving || isComposingKey(e) || this.onOwnUi(e)) return;
    // Ctrl/Cmd+V: let the browser fire `paste` so the local clipboard goes to the remote.
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v') {
      this.focusKeyboard();
      return;
    }
    const keysym = keysymFromKey(e);
    if (keysym === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.repeat) return; // the remote X server auto-repeats held keys
    this.client?.keyDown(e.code || e.key, keysym);
  };

  private onKeyUp = (e: KeyboardEvent) => {
    if (!this.driving || this.onOwnUi(e)) return;
    e.preventDefault();
    this.client?.keyUp(e.code || e.key);
  };

  private onCompositionEnd = (e: CompositionEvent) => {
    if (this.driving && e.data) this.client?.typeText(e.data);
    this.keyboardEl.value = '';
  };

  private onInput = (e: InputEvent) => {
    if (e.isComposing) return;
    if (this.driving && e.inputType === 'insertText' && e.data) this.client?.typeText(e.data);
    this.keyboardEl.value = '';
  };

  private onPaste = (e: ClipboardEvent) => {
    if (!this.driving) return;
    e.preventDefault();
    const text = e.clipboardData?.getData('text/plain');
    if (text) this.client?.paste(text);
  };

  private onFocusOut = (e: FocusEvent) => {
    if (this.screenEl.contains(e.relatedTarget as Node | null)) return;
    this.client?.releaseAllInput();
  };

  private focusKeyboard(): void {
    // The hidden textarea inside the screen receives IME composition and soft-keyboard input.
    if (this.shadowRoot?.activeElement !== this.keyboardEl) this.keyboardEl?.focus({ preventScroll: true });
  }

  // ───────────────────────── toolbar actions ─────────────────────────

  private toggleMute = () => {
    this.muted = !this.muted;
    const video = this.videoEl;
    if (video) {
      video.muted = this.muted;
      if (!this.muted) void video.play().catch(() => undefined);
    }
  };

  private onScaleChange = (e: Event) => {
    this.scale = (e.target as HTMLSelectElement).value as ScaleMode;
  };

  private onResolutionChange = (e: Event) => {
    const [w, h, r] = (e.target as HTMLSelectElement).value.split('x').map(Number);
    if (w && h) this.client?.setScreenSize({ width: w, height: h, rate: r || 30 });
  };

  private pasteFromClipboard = async () => {
    try {
      const text = await navigator.clipboard.readText();
      if (text) this.client?.paste(text);
    } catch {
      this.emit('oc-error', { code: 'clipboard', message: this.s.clipboardDenied });
    }
  };

  private toggleFullscreen = async () => {
    try {
      if (document.fullscreenElement === this) await document.exitFullscreen();
      else await this.requestFullscreen();
    } catch {
      /* not allowed */
    }
  };

  private toggleStats = () => {
    this.showStats = !this.showStats;
  };

  // ───────────────────────── render ─────────────────────────

  private driverText(s: NekoState | undefined, t: OcCobrowserStrings): string {
    const a = this.activeArbiter ? this.arb : undefined;
    if (a) {
      if (a.driver === 'agent') return t.agentDriving;
      // You host but may not act yet (the agent's current action is finishing, or the take is settling).
      if (a.driver === 'human') return a.you ? (a.inputAllowed ? t.youDriving : t.takingControl) : t.memberDriving(a.humanName ?? undefined);
      return t.nobodyDriving;
    }
    const d = s?.driver;
    if (!d || d.kind === 'none') return t.nobodyDriving;
    if (d.kind === 'you') return t.youDriving;
    return t.memberDriving(d.name);
  }

  private overlayText(s: NekoState | undefined, t: OcCobrowserStrings): string | null {
    if (!this.server || !this.auth) return t.notConnected;
    const c = s?.connection;
    if (!c) return t.connecting;
    switch (c.status) {
      case 'streaming':
        return null;
      case 'reconnecting': {
        const left = Math.max(0, Math.ceil((c.graceDeadline - this.now) / 1000));
        return left > 0 ? t.reconnectingKeepsControl(left) : t.reconnecting;
      }
      case 'disconnected':
        return c.reason ? t.disconnectedBecause(c.reason) : t.disconnected;
      default:
        return statusText(c.status, t);
    }
  }

  private renderArbiterControls(a: ArbiterState, canHost: boolean, t: OcCobrowserStrings) {
    if (this.viewOnly) return nothing;
    return html`${a.you
        ? html`<button part="hand-back" type="button" @click=${() => this.releaseControl()}>${t.handBack}</button>`
        : html`<button part="take-control" class="primary" type="button" ?disabled=${!canHost || a.takePending} @click=${() => this.requestControl()}>
            ${a.takePending ? t.takingControl : t.takeControl}
          </button>`}
      <label part="privacy" class="privacy">
        <input type="checkbox" .checked=${a.privacy} @change=${(e: Event) => this.activeArbiter?.setPrivacy((e.target as HTMLInputElement).checked)} />
        ${t.hideFromAgent}
      </label>`;
  }

  private renderArbiterBanner(a: ArbiterState, t: OcCobrowserStrings) {
    const arbiter = this.activeArbiter;
    const canDecide = a.policy === 'ask' && a.driver !== 'human' && !this.viewOnly;
    const waiting = a.waiting.length
      ? html`<ul part="waiting" class="waiting" aria-label=${t.waitingActions}>
          ${a.waiting.map(
            (w) => html`<li>
              <span>${a.driver === 'human' ? t.waitsForHandBack : t.agentWantsTo} ${w.action}</span>
              ${canDecide
                ? html`<button part="approve" type="button" class="primary" @click=${() => this.reportFailure('approve', arbiter?.approve(w.requestID))}>${t.allow}</button>
                    <button part="deny" type="button" @click=${() => this.reportFailure('deny', arbiter?.deny(w.requestID, 'The human denied this browser action.'))}>${t.deny}</button>`
                : nothing}
            </li>`,
          )}
        </ul>`
      : nothing;
    const handoff = a.handoff
      ? renderHandoffCard(a, {
          reason: a.handoff.reason,
          strings: t,
          noTake: this.viewOnly,
          onTake: () => this.requestControl(),
          onComplete: (result, note) => void this.completeHandoff(result, note),
        })
      : nothing;
    if (!a.handoff && !a.waiting.length) return nothing;
    return html`<div class="banner">${handoff}${waiting}</div>`;
  }

  /** Arbitration mode: answers the agent's hand-off (Done / Couldn't + note) and hands the browser back. */
  async completeHandoff(result: 'done' | 'failed', note?: string): Promise<void> {
    await this.reportFailure('handoff', this.activeArbiter?.completeHandoff(result, note));
  }

  /** An arbiter call the human made: a refusal or a failed reply becomes `oc-error` instead of an unhandled rejection. */
  private async reportFailure(code: string, call: Promise<void> | undefined): Promise<void> {
    try {
      await call;
    } catch (e) {
      this.emit('oc-error', { code, message: e instanceof Error ? e.message : String(e) });
    }
  }

  override render() {
    const a = this.activeArbiter ? this.arb : undefined;
    const s = this.neko;
    const driving = this.driving;
    const connected = !!s && ['negotiating', 'streaming'].includes(s.connection.status);
    const canHost = !this.viewOnly && connected && s?.profile?.can_host !== false;
    const isAdmin = !!s?.profile?.is_admin;
    const t = this.s;
    const overlay = this.overlayText(s, t);
    const v = this.viewport;
    const req = s?.control.request;
    const requestNotice =
      req?.status === 'pending' && req.hostId
        ? t.askedFor(memberName(s!.sessions, req.hostId))
        : req?.status === 'unanswered'
          ? t.notHandedOver(req.hostId ? memberName(s!.sessions, req.hostId) : undefined)
          : null;
    const cursor = this.renderCursor(v);
    const stage = this.scale === '1:1' ? `width:${Math.max(v.width, this.containerSize.width)}px;height:${Math.max(v.height, this.containerSize.height)}px` : 'width:100%;height:100%';
    const box = `left:${v.x}px;top:${v.y}px;width:${v.width}px;height:${v.height}px`;
    return html`
      <div part="base" class="base" data-status=${s?.connection.status ?? 'idle'}>
        <div part="toolbar" class="toolbar" role="toolbar" aria-label=${t.toolbar}>
          <span part="status" class="status" role="status" aria-live="polite">${this.driverText(s, t)}</span>
          <span part="connection" class="connection">${statusText(s?.connection.status ?? 'idle', t)}</span>
          ${a
            ? this.renderArbiterControls(a, canHost, t)
            : html`${canHost && !driving
                ? html`<button part="take-control" class="primary" type="button" @click=${() => this.requestControl()}>${t.takeControl}</button>`
                : nothing}
              ${!this.viewOnly && driving
                ? html`<button part="release-control" type="button" @click=${() => this.releaseControl()}>${t.releaseControl}</button>`
                : nothing}`}
          ${!this.viewOnly && driving
            ? html`<button part="paste" type="button" @click=${this.pasteFromClipboard}>${t.paste}</button>`
            : nothing}
          <button part="unmute" type="button" aria-pressed=${this.muted ? 'false' : 'true'} @click=${this.toggleMute}>
            ${this.muted ? t.unmute : t.mute}
          </button>
          <select part="scale" aria-label=${t.scaling} .value=${this.scale} @change=${this.onScaleChange}>
            <option value="fit" ?selected=${this.scale === 'fit'}>${t.fit}</option>
            <option value="fill" ?selected=${this.scale === 'fill'}>${t.fill}</option>
            <option value="1:1" ?selected=${this.scale === '1:1'}>1:1</option>
          </select>
          ${isAdmin && !this.viewOnly && s!.screenSizes.length
            ? html`<select part="resolution" aria-label=${t.resolution} @change=${this.onResolutionChange}>
                ${s!.screenSizes.map((z) => {
                  const value = `${z.width}x${z.height}x${z.rate}`;
                  const current = s!.screen && z.width === s!.screen.width && z.height === s!.screen.height && z.rate === s!.screen.rate;
                  return html`<option value=${value} ?selected=${!!current}>${z.width}×${z.height} @${z.rate}</option>`;
                })}
              </select>`
            : nothing}
          <button part="fullscreen" type="button" @click=${this.toggleFullscreen}>${t.fullscreen}</button>
          <button part="stats-toggle" type="button" aria-pressed=${this.showStats ? 'true' : 'false'} @click=${this.toggleStats}>${t.stats}</button>
        </div>
        ${a ? this.renderArbiterBanner(a, t) : nothing}
        <div
          part="screen"
          class="screen ${driving ? 'driving' : ''}"
          role="application"
          aria-label=${t.screen}
          aria-roledescription="remote screen"
          tabindex="0"
          data-scale=${this.scale}
          @pointermove=${this.onPointerMove}
          @pointerdown=${this.onPointerDown}
          @pointerup=${this.onPointerUp}
          @pointercancel=${this.onPointerUp}
          @contextmenu=${this.onContextMenu}
          @keydown=${this.onKeyDown}
          @keyup=${this.onKeyUp}
          @paste=${this.onPaste}
          @focusout=${this.onFocusOut}
        >
          <div part="stage" class="stage" style=${stage}>
            <video part="video" class="video" style=${box} muted playsinline autoplay aria-hidden="true"></video>
            <canvas part="frozen-frame" class="frozen-frame" style=${box} ?hidden=${!this.hasFrozenFrame || !overlay} aria-hidden="true"></canvas>
            ${cursor}
          </div>
          <textarea
            part="keyboard"
            class="keyboard"
            tabindex="-1"
            aria-hidden="true"
            autocomplete="off"
            autocapitalize="off"
            spellcheck="false"
            @compositionend=${this.onCompositionEnd}
            @input=${this.onInput}
          ></textarea>
          ${a?.agentAction && (a.mode === 'agent' || a.mode === 'paused')
            ? html`<div part="agent-action" class="agent-action" data-mode=${a.mode}>
                <span class="agent-label">${a.mode === 'agent' ? t.agent : t.agentWaits}</span> ${a.agentAction}
              </div>`
            : nothing}
          ${overlay ? html`<div part="overlay" class="overlay">${overlay}</div>` : nothing}
          ${driving && s!.control.requests.length
            ? html`<div part="requests" class="requests">
                ${s!.control.requests.map(
                  (id) => html`<div>
                    ${t.asksForControl(memberName(s!.sessions, id))}
                    <button part="give-control" type="button" @click=${() => this.giveControl(id)}>${t.giveControl}</button>
                    <button part="dismiss-request" type="button" @click=${() => this.client?.dismissControlRequest(id)}>${t.dismiss}</button>
                  </div>`,
                )}
              </div>`
            : nothing}
          ${requestNotice && !driving ? html`<div part="notice" class="notice">${requestNotice}</div>` : nothing}
          ${this.showStats && s ? this.renderStats(s, t) : nothing}
        </div>
      </div>
    `;
  }

  private renderCursor(v: Viewport) {
    const img = this.neko?.cursorImage;
    if (!img || !this.cursorUrl || v.scale <= 0) return nothing;
    const pos = this.driving ? this.localCursor : (this.neko?.cursor ?? null);
    if (!pos) return nothing;
    const at = remoteToContainer(pos.x, pos.y, v);
    const style = `left:${at.x - img.hotX * v.scale}px;top:${at.y - img.hotY * v.scale}px;width:${img.width * v.scale}px;height:${img.height * v.scale}px`;
    return html`<img part="cursor" class="cursor" alt="" src=${this.cursorUrl} style=${style} />`;
  }

  private renderStats(s: NekoState, t: OcCobrowserStrings) {
    const st = s.stats;
    const fmt = (v: number | null, f: (n: number) => string) => (v === null ? '–' : f(v));
    return html`<dl part="stats" class="stats" aria-label=${t.statsLabel}>
      <dt>RTT</dt><dd>${fmt(st.rtt, (n) => `${Math.round(n)} ms`)}</dd>
      <dt>fps</dt><dd>${fmt(st.fps, (n) => n.toFixed(0))}</dd>
      <dt>bitrate</dt><dd>${fmt(st.bitrate, (n) => `${(n / 1e6).toFixed(2)} Mbit/s`)}</dd>
      <dt>loss</dt><dd>${fmt(st.packetLoss, (n) => `${(n * 100).toFixed(1)} %`)}</dd>
    </dl>`;
  }
}
