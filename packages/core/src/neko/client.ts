/**
 * NekoClient: one neko v3 session (REST login → WebSocket → WebRTC), its typed state and a
 * framework-free subscribe API. No DOM rendering; works with injected fetch / WebSocket /
 * RTCPeerConnection factories so the logic runs in Node tests.
 */
import { NEKO_GRACE_MS, reconnectDelay, type BackoffOptions } from './backoff.js';
import { decodeServerMessage, encodeInput, pongLatency, type InputMessage } from './codec.js';
import { HeldInput, driverOf, initialControlState, memberName, reduceControl, type ControlAction, type ControlState, type Driver } from './control.js';
import { NekoError } from './errors.js';
import { textToKeysyms } from './keysym.js';
import type { FetchLike } from '../opencode/http.js';
import { NekoRest } from './rest.js';
import { NekoSocket, type SocketFactory } from './socket.js';
import { notify } from '../report.js';
import type {
  KeyboardModifiers,
  MemberProfile,
  NekoServerEvents,
  RoomSettings,
  ScreenSize,
  SessionData,
  SignalRequest,
} from './types.js';
import { NekoPeer, StatsSampler, type PeerFactory } from './webrtc.js';

export type NekoAuth = { username: string; password: string } | { token: string };

export type NekoConnection =
  | { status: 'idle' }
  | { status: 'logging-in' }
  | { status: 'connecting' }
  | { status: 'negotiating' }
  | { status: 'streaming' }
  /** WebSocket lost; `graceDeadline` (epoch ms) is when neko drops the session and its host role. */
  | { status: 'reconnecting'; attempt: number; since: number; graceDeadline: number }
  | { status: 'disconnected'; reason: string; error?: NekoError };

export type NekoStatus = NekoConnection['status'];

export interface CursorImage {
  width: number;
  height: number;
  hotX: number;
  hotY: number;
  png: Uint8Array;
  /** Increments on every new image. */
  serial: number;
}

export interface NekoStats {
  /** Data-channel ping/pong round trip, ms. */
  rtt: number | null;
  fps: number | null;
  /** bits/s */
  bitrate: number | null;
  /** 0–1 */
  packetLoss: number | null;
}

export interface NekoState {
  connection: NekoConnection;
  sessionId: string | null;
  profile: MemberProfile | null;
  sessions: Record<string, SessionData>;
  control: ControlState;
  /** Who drives, derived from control + sessions. */
  driver: Driver;
  screen: ScreenSize | null;
  /** Resolutions an admin may pick (`system/admin`). */
  screenSizes: ScreenSize[];
  settings: RoomSettings | null;
  touchEvents: boolean;
  /** Remote cursor position (screen px), from the data channel; null when we host (use the local pointer). */
  cursor: { x: number; y: number } | null;
  cursorImage: CursorImage | null;
  /** Audio + video of the remote screen. */
  media: MediaStream | null;
  /** Last remote clipboard text (only pushed to the host). */
  clipboard: string | null;
  stats: NekoStats;
  lastError: NekoError | null;
}

export interface NekoClientOptions {
  server: string;
  auth: NekoAuth;
  /** Sends no input and never asks for control. */
  viewOnly?: boolean;
  fetch?: FetchLike;
  createSocket?: SocketFactory;
  createPeer?: PeerFactory;
  /** Stream id to ask for (defaults to the first of `system/init.webrtc.videos`). */
  videoId?: string;
  backoff?: BackoffOptions;
  maxReconnectAttempts?: number;
  connectTimeoutMs?: number;
  staleTimeoutMs?: number;
  staleCheckMs?: number;
  /** How long the peer connection may stay `disconnected` before a new one is requested (default 3 s). */
  peerDisconnectedTimeoutMs?: number;
  /** How long to wait for `signal/provide` before asking again. */
  signalTimeoutMs?: number;
  /** How long a `control/request` may stay unanswered while someone else hosts. */
  controlRequestTimeoutMs?: number;
  now?: () => number;
}

type Listener = (state: NekoState) => void;
type ErrorListener = (error: NekoError) => void;
type MessageListener = (event: string, payload: unknown) => void;

const TERMINAL_RELOGIN = 'session not found';
/** neko says this to every session when it shuts down (restart, redeploy): come back when it is up again. */
const SERVER_SHUTDOWN = 'connection shutdown';

export class NekoClient {
  private _state: NekoState = initialState();
  private readonly listeners = new Set<Listener>();
  private readonly errorListeners = new Set<ErrorListener>();
  private readonly messageListeners = new Set<MessageListener>();
  private readonly rest: NekoRest;
  private readonly held = new HeldInput();
  private readonly sampler = new StatsSampler();
  private readonly now: () => number;
  private socket: NekoSocket | undefined;
  private peer: NekoPeer | undefined;
  private signalPending = false;
  private signalTimer: ReturnType<typeof setTimeout> | undefined;
  private controlTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private peerLostTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempt = 0;
  private ownsSession = false;
  private relogged = false;
  private active = false;
  private videoIds: string[] = [];
  private cursorSerial = 0;
  private viewOnly: boolean;

  constructor(private readonly options: NekoClientOptions) {
    this.rest = new NekoRest(options.server, options.fetch);
    this.now = options.now ?? Date.now;
    this.viewOnly = options.viewOnly ?? false;
  }

  get state(): NekoState {
    return this._state;
  }

  /** Calls `fn` now and after every change; returns the unsubscribe function. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    fn(this._state);
    return () => this.listeners.delete(fn);
  }

  onError(fn: ErrorListener): () => void {
    this.errorListeners.add(fn);
    return () => this.errorListeners.delete(fn);
  }

  /** Every server WebSocket event, raw (for plugins, `send/*`, debugging). */
  onMessage(fn: MessageListener): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  setViewOnly(viewOnly: boolean): void {
    if (viewOnly && !this.viewOnly) this.releaseAllInput();
    this.viewOnly = viewOnly;
  }

  // ───────────────────────── lifecycle ─────────────────────────

  /** Logs in (or validates the token), opens the WebSocket and starts WebRTC. Never rejects: failures land in state. */
  async connect(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.relogged = false;
    this.set({ connection: { status: 'logging-in' }, lastError: null });
    try {
      await this.authenticate();
    } catch (error) {
      this.fail(asNekoError(error));
      return;
    }
    if (!this.active) return;
    this.set({ connection: { status: 'connecting' } });
    try {
      await this.openSocket();
    } catch (error) {
      this.fail(new NekoError('network', `Cannot open the neko WebSocket (${(error as Error).message}). Check NEKO_SERVER_CORS.`));
    }
  }

  /** Tears everything down; logs out a session this client created. */
  async disconnect(): Promise<void> {
    const wasActive = this.active;
    this.active = false;
    this.releaseAllInput();
    this.clearTimers();
    this.socket?.close(1000, 'client disconnect');
    this.socket = undefined;
    this.closePeer();
    this.set({ connection: { status: 'idle' }, control: initialControlState, driver: { kind: 'none' }, media: null, cursor: null });
    if (wasActive && this.ownsSession) {
      this.ownsSession = false;
      await this.rest.logout();
    }
  }

  private async authenticate(): Promise<void> {
    await this.rest.detect();
    const auth = this.options.auth;
    if ('token' in auth) {
      this.rest.token = auth.token;
      const me = await this.rest.whoami();
      this.set({ sessionId: me.id, profile: me.profile });
    } else {
      const me = await this.rest.login(auth.username, auth.password);
      this.ownsSession = true;
      this.set({ sessionId: me.id, profile: me.profile });
    }
  }

  private async openSocket(): Promise<void> {
    const socket = new NekoSocket(this.rest.webSocketUrl(), {
      createSocket: this.options.createSocket,
      connectTimeoutMs: this.options.connectTimeoutMs ?? 3000,
      staleTimeoutMs: this.options.staleTimeoutMs,
      staleCheckMs: this.options.staleCheckMs,
      now: this.now,
      onMessage: (event, payload) => this.socket === socket && this.handle(event, payload),
      onClose: (info) => {
        if (this.socket !== socket) return;
        this.socket = undefined;
        if (!this.active) return;
        this.startReconnect(info.stale ? 'stale' : `closed (${info.code})`);
      },
    });
    this.socket = socket;
    await socket.connect();
  }

  /** `graceMs` 0: the server went away with our session, so there is no host role to keep. */
  private startReconnect(_why: string, graceMs = NEKO_GRACE_MS): void {
    if (this.reconnectTimer !== undefined) return;
    const since = this.now();
    this.reconnectAttempt = 0;
    this.signalPending = false;
    this.set({ connection: { status: 'reconnecting', attempt: 0, since, graceDeadline: since + graceMs } });
    this.scheduleReconnect(since, graceMs);
  }

  private scheduleReconnect(since: number, graceMs = NEKO_GRACE_MS): void {
    const attempt = this.reconnectAttempt;
    if (attempt >= (this.options.maxReconnectAttempts ?? 15)) {
      this.fail(new NekoError('unreachable', 'Lost the connection to the neko server and could not reconnect.'));
      return;
    }
    const delay = reconnectDelay(attempt, this.options.backoff);
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = undefined;
      if (!this.active) return;
      this.set({ connection: { status: 'reconnecting', attempt: attempt + 1, since, graceDeadline: since + graceMs } });
      try {
        await this.openSocket();
        this.reconnectAttempt = 0;
      } catch {
        if (!this.active) return;
        this.reconnectAttempt = attempt + 1;
        this.scheduleReconnect(since, graceMs);
      }
    }, delay);
  }

  private fail(error: NekoError): void {
    this.active = false;
    this.clearTimers();
    this.held.clear();
    this.socket?.close(1000, 'terminal');
    this.socket = undefined;
    this.closePeer();
    this.set({ connection: { status: 'disconnected', reason: error.message, error }, lastError: error });
    this.emitError(error);
  }

  // ───────────────────────── server events ─────────────────────────

  private handle(event: string, payload: unknown): void {
    notify(this.messageListeners, event, payload);
    const p = payload as never;
    switch (event as keyof NekoServerEvents) {
      case 'system/init':
        return this.onInit(p);
      case 'system/admin':
        return this.set({ screenSizes: (p as NekoServerEvents['system/admin']).screen_sizes_list ?? [] });
      case 'system/settings': {
        const { id: _id, ...settings } = p as NekoServerEvents['system/settings'];
        return this.set({ settings: settings as RoomSettings });
      }
      case 'system/disconnect':
        return this.onServerDisconnect((p as NekoServerEvents['system/disconnect'])?.message ?? 'disconnected');
      case 'signal/provide':
        return void this.onProvide(p);
      case 'signal/offer':
      case 'signal/restart':
        if (this.peer) void this.peer.applyOffer((p as { sdp: string }).sdp).catch((e) => this.onPeerError(e));
        return;
      case 'signal/candidate':
        if (this.peer) void this.peer.addRemoteCandidate(p);
        return;
      case 'signal/close':
        this.closePeer();
        if (this.active) {
          this.set({ connection: { status: 'negotiating' } });
          this.requestSignal();
        }
        return;
      case 'session/created': {
        const s = p as SessionData;
        return this.setSessions({ ...this._state.sessions, [s.id]: s });
      }
      case 'session/deleted': {
        const { [(p as { id: string }).id]: _gone, ...rest } = this._state.sessions;
        return this.setSessions(rest);
      }
      case 'session/profile': {
        const { id, ...profile } = p as NekoServerEvents['session/profile'];
        const prev = this._state.sessions[id];
        if (id === this._state.sessionId) this.set({ profile: profile as MemberProfile });
        if (prev) this.setSessions({ ...this._state.sessions, [id]: { ...prev, profile: profile as MemberProfile } });
        return;
      }
      case 'session/state': {
        const { id, ...state } = p as NekoServerEvents['session/state'];
        const prev = this._state.sessions[id];
        if (prev) this.setSessions({ ...this._state.sessions, [id]: { ...prev, state } });
        return;
      }
      case 'control/host':
        return this.onControlHost(p);
      case 'control/request':
        return this.dispatchControl({ type: 'incoming-request', id: (p as { id: string }).id });
      case 'screen/updated': {
        const { width, height, rate } = p as NekoServerEvents['screen/updated'];
        return this.set({ screen: { width, height, rate } });
      }
      case 'clipboard/updated':
        return this.set({ clipboard: (p as { text: string }).text });
      default:
        return;
    }
  }

  private onInit(init: NekoServerEvents['system/init']): void {
    this.relogged = false; // a later restart may need another login
    this.videoIds = init.webrtc?.videos ?? [];
    const sessions = init.sessions ?? {};
    const control = reduceControl(this._state.control, { type: 'init', sessionId: init.session_id, controlHost: init.control_host });
    this.set({
      sessionId: init.session_id,
      profile: sessions[init.session_id]?.profile ?? this._state.profile,
      sessions,
      screen: init.screen_size,
      settings: init.settings,
      touchEvents: !!init.touch_events,
      control,
      driver: driverOf(control, sessions),
    });
    if (this.peer && this.peer.pc.connectionState === 'connected') {
      this.set({ connection: { status: 'streaming' } });
    } else {
      this.set({ connection: { status: 'negotiating' } });
      this.requestSignal();
    }
  }

  private onServerDisconnect(message: string): void {
    const auth = this.options.auth;
    if (message === SERVER_SHUTDOWN) {
      // neko is shutting down or restarting: reconnect with backoff; the new process will not know our
      // token ("session not found" below logs in again when we have a password).
      this.socket?.close(1000, 'server shutdown');
      this.socket = undefined;
      this.closePeer();
      this.held.clear();
      this.startReconnect('server shutdown', 0);
      return;
    }
    if (message === TERMINAL_RELOGIN && 'password' in auth && !this.relogged) {
      // Server restarted (sessions are in memory): log in again once, keep going.
      this.relogged = true;
      this.socket?.close(1000, 'relogin');
      this.socket = undefined;
      this.closePeer();
      this.set({ connection: { status: 'logging-in' } });
      void (async () => {
        try {
          const me = await this.rest.login(auth.username, auth.password);
          this.set({ sessionId: me.id, profile: me.profile, connection: { status: 'connecting' } });
          await this.openSocket();
        } catch (error) {
          this.fail(asNekoError(error));
        }
      })();
      return;
    }
    this.fail(new NekoError('disconnected', `The neko server ended the session: ${message}.`));
  }

  private requestSignal(): void {
    if (this.signalPending || !this.socket?.open) return;
    this.signalPending = true;
    const id = this.options.videoId ?? this.videoIds[0];
    const request: SignalRequest = {
      video: id ? { selector: { id, type: 'exact' } } : {},
      audio: {},
    };
    this.socket.send('signal/request', request);
    clearTimeout(this.signalTimer);
    this.signalTimer = setTimeout(() => {
      this.signalTimer = undefined;
      if (!this.signalPending) return;
      this.signalPending = false;
      this.requestSignal();
    }, this.options.signalTimeoutMs ?? 10_000);
  }

  private async onProvide(provide: NekoServerEvents['signal/provide']): Promise<void> {
    this.signalPending = false;
    clearTimeout(this.signalTimer);
    this.signalTimer = undefined;
    this.closePeer();
    const peer = new NekoPeer(provide.iceservers, {
      createPeer: this.options.createPeer,
      sendAnswer: (sdp) => this.socket?.send('signal/answer', { sdp }),
      sendCandidate: (candidate) => this.socket?.send('signal/candidate', candidate),
      onTrack: (ev) => {
        const stream = ev.streams[0] ?? this._state.media ?? new MediaStream();
        if (!stream.getTracks().includes(ev.track)) stream.addTrack(ev.track);
        this.set({ media: stream });
      },
      onDataChannelOpen: () => {
        if (this.statsTimer !== undefined) this.ping();
      },
      onDataMessage: (data) => this.onData(data),
      onConnectionState: (state) => {
        if (this.peer !== peer) return;
        clearTimeout(this.peerLostTimer);
        this.peerLostTimer = undefined;
        if (state === 'connected') {
          if (this._state.connection.status !== 'reconnecting') this.set({ connection: { status: 'streaming' } });
        } else if (state === 'disconnected') {
          // ICE lost the server (it may come back by itself). Chromium only declares 'failed' some 10 s
          // later, so after a short wait start over as if it had failed.
          this.peerLostTimer = setTimeout(() => {
            this.peerLostTimer = undefined;
            if (this.peer === peer && peer.pc.connectionState === 'disconnected') this.restartPeer();
          }, this.options.peerDisconnectedTimeoutMs ?? 3000);
        } else if (state === 'failed') {
          this.restartPeer();
        }
      },
    });
    this.peer = peer;
    this.set({ connection: this._state.connection.status === 'reconnecting' ? this._state.connection : { status: 'negotiating' } });
    try {
      await peer.applyOffer(provide.sdp);
    } catch (error) {
      this.onPeerError(error);
    }
  }

  private onPeerError(error: unknown): void {
    this.emitError(new NekoError('webrtc', `WebRTC negotiation failed: ${(error as Error)?.message ?? error}`));
    this.closePeer();
    if (this.active) this.requestSignal();
  }

  private onData(data: ArrayBuffer): void {
    let msg;
    try {
      msg = decodeServerMessage(data);
    } catch {
      return;
    }
    switch (msg.type) {
      case 'cursor-position':
        this.set({ cursor: { x: msg.x, y: msg.y } });
        break;
      case 'cursor-image':
        this.set({ cursorImage: { width: msg.width, height: msg.height, hotX: msg.hotX, hotY: msg.hotY, png: msg.png, serial: ++this.cursorSerial } });
        break;
      case 'pong':
        this.set({ stats: { ...this._state.stats, rtt: pongLatency(msg, this.now()) } });
        break;
    }
  }

  /** Drops the peer and asks the server for a new one (signal/request). */
  private restartPeer(): void {
    this.closePeer();
    if (this.active && this.socket?.open) {
      this.set({ connection: { status: 'negotiating' } });
      this.requestSignal();
    }
  }

  private closePeer(): void {
    clearTimeout(this.peerLostTimer);
    this.peerLostTimer = undefined;
    this.peer?.close();
    this.peer = undefined;
    this.sampler.reset();
  }

  // ───────────────────────── control ─────────────────────────

  private onControlHost(host: NekoServerEvents['control/host']): void {
    const wasHost = this._state.control.isHost;
    this.dispatchControl({ type: 'host', sessionId: this._state.sessionId ?? '', controlHost: host });
    const c = this._state.control;
    if (c.isHost || c.request.status === 'idle') {
      clearTimeout(this.controlTimer);
      this.controlTimer = undefined;
    }
    // Lost host: whatever we held is no longer ours to release (neko resets keys on release).
    if (wasHost && !c.isHost) this.held.clear();
  }

  private dispatchControl(action: ControlAction): void {
    const control = reduceControl(this._state.control, action);
    if (control === this._state.control) return;
    this.set({ control, driver: driverOf(control, this._state.sessions) });
  }

  private setSessions(sessions: Record<string, SessionData>): void {
    this.set({ sessions, driver: driverOf(this._state.control, sessions) });
  }

  /**
   * Asks for control over the WebSocket. If nobody hosts, neko grants it at once; if someone
   * does, only they are told, and no reply comes: after `controlRequestTimeoutMs` the request
   * becomes `unanswered` and a `control-timeout` error is reported.
   */
  requestControl(): void {
    const c = this._state.control;
    if (this.viewOnly || c.isHost || !this.socket?.open) return;
    if (this._state.profile && !this._state.profile.can_host) {
      this.emitError(new NekoError('forbidden', 'This neko member is not allowed to control the browser.'));
      return;
    }
    if (this._state.settings?.locked_controls && !this._state.profile?.is_admin) {
      this.emitError(new NekoError('forbidden', 'Controls are locked on this neko room.'));
      return;
    }
    this.socket.send('control/request');
    this.dispatchControl({ type: 'request-sent', at: this.now() });
    clearTimeout(this.controlTimer);
    const hostId = c.hostId;
    this.controlTimer = setTimeout(() => {
      this.controlTimer = undefined;
      if (this._state.control.request.status !== 'pending') return;
      this.dispatchControl({ type: 'request-timeout' });
      const who = hostId ? memberName(this._state.sessions, hostId) : 'The current driver';
      this.emitError(new NekoError('control-timeout', `${who} is driving and has not handed over control.`));
    }, this.options.controlRequestTimeoutMs ?? (hostId ? 15_000 : 4_000));
  }

  /** Releases every held key/button, then control. */
  releaseControl(): void {
    if (!this._state.control.isHost) return;
    this.releaseAllInput();
    this.socket?.send('control/release');
  }

  /** Admin: take control now (REST). */
  async takeControl(): Promise<void> {
    if (this.viewOnly) return;
    await this.guard(() => this.rest.controlTake());
  }

  /** Host or admin: hand control to another member (REST); held input is released first. */
  async giveControl(sessionId: string): Promise<void> {
    this.releaseAllInput();
    await this.guard(() => this.rest.controlGive(sessionId));
    this.dispatchControl({ type: 'dismiss-request', id: sessionId });
  }

  /** Admin: nobody hosts. */
  async resetControl(): Promise<void> {
    this.releaseAllInput();
    await this.guard(() => this.rest.controlReset());
  }

  /** Forget an incoming request without acting on it. */
  dismissControlRequest(sessionId: string): void {
    this.dispatchControl({ type: 'dismiss-request', id: sessionId });
  }

  clearControlRequest(): void {
    this.dispatchControl({ type: 'request-cleared' });
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.emitError(asNekoError(error));
    }
  }

  // ───────────────────────── input ─────────────────────────

  /** True when input would be sent (host, not view-only, socket or data channel up). */
  get canSendInput(): boolean {
    return !this.viewOnly && this._state.control.isHost && (!!this.peer?.dataChannelOpen || !!this.socket?.open);
  }

  private send(msg: InputMessage): void {
    if (this.peer?.dataChannelOpen && this.peer.send(encodeInput(msg))) return;
    const s = this.socket;
    if (!s?.open) return;
    switch (msg.type) {
      case 'move':
        s.send('control/move', { x: msg.x, y: msg.y });
        break;
      case 'scroll':
        s.send('control/scroll', { delta_x: msg.deltaX, delta_y: msg.deltaY, control_key: !!msg.controlKey });
        break;
      case 'keydown':
      case 'keyup':
        s.send(`control/${msg.type}`, { keysym: msg.keysym });
        break;
      case 'buttondown':
      case 'buttonup':
        s.send(`control/${msg.type}`, { code: msg.button });
        break;
      case 'touchbegin':
      case 'touchupdate':
      case 'touchend':
        s.send(`control/${msg.type}`, { touch_id: msg.touchId, x: msg.x, y: msg.y, pressure: msg.pressure });
        break;
      case 'ping':
        break;
    }
  }

  move(x: number, y: number): void {
    if (this.canSendInput) this.send({ type: 'move', x, y });
  }

  scroll(deltaX: number, deltaY: number, controlKey = false): void {
    if (this.canSendInput && (deltaX || deltaY)) this.send({ type: 'scroll', deltaX, deltaY, controlKey });
  }

  /** `code` identifies the physical key so the matching key-up lifts the same keysym. */
  keyDown(code: string, keysym: number): void {
    if (!this.canSendInput || !this.held.keyDown(code, keysym)) return;
    this.send({ type: 'keydown', keysym });
  }

  keyUp(code: string): void {
    const keysym = this.held.keyUp(code);
    if (keysym !== undefined && this.canSendInput) this.send({ type: 'keyup', keysym });
  }

  /** Types committed text (IME, dead keys) as press/release pairs. */
  typeText(text: string): void {
    if (!this.canSendInput) return;
    for (const keysym of textToKeysyms(text)) {
      this.send({ type: 'keydown', keysym });
      this.send({ type: 'keyup', keysym });
    }
  }

  buttonDown(button: number, x?: number, y?: number): void {
    if (!this.canSendInput) return;
    if (x !== undefined && y !== undefined) this.send({ type: 'move', x, y });
    if (this.held.buttonDown(button)) this.send({ type: 'buttondown', button });
  }

  buttonUp(button: number, x?: number, y?: number): void {
    if (!this.canSendInput) return;
    if (x !== undefined && y !== undefined) this.send({ type: 'move', x, y });
    if (this.held.buttonUp(button)) this.send({ type: 'buttonup', button });
  }

  touch(type: 'touchbegin' | 'touchupdate' | 'touchend', touchId: number, x: number, y: number, pressure = 255): void {
    if (this.canSendInput) this.send({ type, touchId, x, y, pressure });
  }

  /** Key-ups for every held key and button-ups for every held button. */
  releaseAllInput(): void {
    const msgs = this.held.releaseAll();
    if (!this._state.control.isHost) return;
    for (const m of msgs) this.send(m);
  }

  /** Sets the remote clipboard and presses Ctrl+V (host only). */
  paste(text: string): void {
    if (this.canSendInput) this.socket?.send('control/paste', { text });
  }

  /** Sets the remote clipboard (host with clipboard access). */
  setClipboard(text: string): void {
    if (this.canSendInput) this.socket?.send('clipboard/set', { text });
  }

  setKeyboardModifiers(modifiers: KeyboardModifiers): void {
    if (this.canSendInput) this.socket?.send('keyboard/modifiers', modifiers);
  }

  /** Admin only: change the remote resolution. */
  setScreenSize(size: ScreenSize): void {
    if (!this._state.profile?.is_admin) {
      this.emitError(new NekoError('forbidden', 'Only neko admins can change the resolution.'));
      return;
    }
    this.socket?.send('screen/set', size);
  }

  // ───────────────────────── stats ─────────────────────────

  /** Polls RTT (data-channel ping) and inbound video stats every `intervalMs` while enabled. */
  setStatsEnabled(enabled: boolean, intervalMs = 2000): void {
    if (!enabled) {
      clearInterval(this.statsTimer);
      this.statsTimer = undefined;
      return;
    }
    if (this.statsTimer !== undefined) return;
    const tick = async () => {
      this.ping();
      const pc = this.peer?.pc;
      if (!pc) return;
      try {
        const report = await pc.getStats();
        const s = this.sampler.sample(report, this.now());
        this.set({ stats: { ...this._state.stats, ...s } });
      } catch {
        /* ignore */
      }
    };
    this.statsTimer = setInterval(tick, intervalMs);
    void tick();
  }

  ping(): void {
    this.peer?.send(encodeInput({ type: 'ping', timestamp: this.now() }));
  }

  // ───────────────────────── plumbing ─────────────────────────

  private set(patch: Partial<NekoState>): void {
    this._state = { ...this._state, ...patch };
    notify(this.listeners, this._state);
  }

  private emitError(error: NekoError): void {
    this.set({ lastError: error });
    notify(this.errorListeners, error);
  }

  private clearTimers(): void {
    clearTimeout(this.signalTimer);
    clearTimeout(this.controlTimer);
    clearTimeout(this.reconnectTimer);
    clearInterval(this.statsTimer);
    this.signalTimer = this.controlTimer = this.reconnectTimer = undefined;
    this.statsTimer = undefined;
    this.signalPending = false;
  }
}

function initialState(): NekoState {
  return {
    connection: { status: 'idle' },
    sessionId: null,
    profile: null,
    sessions: {},
    control: initialControlState,
    driver: { kind: 'none' },
    screen: null,
    screenSizes: [],
    settings: null,
    touchEvents: false,
    cursor: null,
    cursorImage: null,
    media: null,
    clipboard: null,
    stats: { rtt: null, fps: null, bitrate: null, packetLoss: null },
    lastError: null,
  };
}

function asNekoError(error: unknown): NekoError {
  if (error instanceof NekoError) return error;
  return new NekoError('network', (error as Error)?.message ?? String(error));
}


