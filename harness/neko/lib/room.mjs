// Sessions, members (multiuser provider), host control and the WebSocket
// message handlers, modelled on neko v3:
//   server/internal/session/{manager,session,auth}.go
//   server/internal/member/{manager.go,multiuser/provider.go}
//   server/internal/websocket/{manager,peer}.go, websocket/handler/*.go
import crypto from 'node:crypto';
import { NekoPeer } from './webrtc.mjs';
import { XK } from './keysyms.mjs';

const WS_DELAYED_MS = 5_000; // session.go wsDelayedDuration
const INACTIVE_CURSORS_MS = 750;
const UID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function newUid(n) {
  const bytes = crypto.randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += UID_ALPHABET[bytes[i] % UID_ALPHABET.length];
  return s;
}

const bool = (v, d) => (v === undefined || v === '' ? d : /^(1|true|yes|on)$/i.test(String(v)));

export const DEFAULT_USER_PROFILE = Object.freeze({
  name: '', is_admin: false, can_login: true, can_connect: true, can_watch: true, can_host: true,
  can_share_media: true, can_access_clipboard: true, sends_inactive_cursor: true, can_see_inactive_cursors: false,
  plugins: null,
});
export const DEFAULT_ADMIN_PROFILE = Object.freeze({ ...DEFAULT_USER_PROFILE, is_admin: true, can_see_inactive_cursors: true });

export class HttpError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

class Session {
  constructor(room, id, token, profile) {
    this.room = room;
    this.id = id;
    this.token = token;
    this.profile = profile;
    this.state = { is_connected: false, is_watching: false };
    this.wsPeer = null;
    this.wsDelayedTimer = null;
    this.webrtcPeer = null;
  }

  isHost() { return this.room.hostId === this.id; }

  privateModeEnabled() { return this.room.settings.private_mode && !this.profile.is_admin; }

  send(event, payload) { this.wsPeer?.send(event, payload); }

  data() { return { id: this.id, profile: this.profile, state: this.state }; }
}

/** WebSocket peer: envelope {event, payload}; payload omitted when undefined (Go omitempty on RawMessage). */
export class WsPeer {
  constructor(ws, log) {
    this.ws = ws;
    this.log = log;
    this.destroyed = false;
  }

  send(event, payload) {
    if (this.ws.readyState !== 1) return;
    const msg = payload === undefined ? { event } : { event, payload };
    this.ws.send(JSON.stringify(msg));
  }

  ping() {
    this.send('system/heartbeat');
    try { this.ws.ping(); } catch {}
  }

  /** neko: send system/disconnect then close the TCP connection (no close frame). */
  destroy(reason) {
    if (this.destroyed) return;
    this.destroyed = true;
    this.send('system/disconnect', { message: reason });
    const ws = this.ws;
    if (ws.readyState === 1) {
      // let the frame flush, then drop the socket like gorilla's Conn.Close()
      setTimeout(() => { try { ws.terminate(); } catch {} }, 20);
    } else {
      try { ws.terminate(); } catch {}
    }
  }
}

export class Room {
  constructor({ env = {}, desktop, log = () => {}, cursorImage }) {
    this.env = env;
    this.desktop = desktop;
    this.log = log;
    this.cursorImage = cursorImage;
    this.sessions = new Map();
    this.tokens = new Map();
    this.hostId = '';
    this.videoIds = ['main'];
    this.cursorListeners = new Set();
    this.inactiveCursors = new Map();
    this.serverStartedAt = new Date();
    this.totalUsers = 0;
    this.totalAdmins = 0;
    this.lastUserLeftAt = null;
    this.lastAdminLeftAt = null;
    this.clipboardText = '';

    const lockedControls = bool(env.NEKO_SESSION_LOCKED_CONTROLS, false);
    const controlProtection = bool(env.NEKO_SESSION_CONTROL_PROTECTION, false);
    this.settings = {
      private_mode: bool(env.NEKO_SESSION_PRIVATE_MODE, false),
      locked_logins: bool(env.NEKO_SESSION_LOCKED_LOGINS, false),
      locked_controls: lockedControls || controlProtection,
      control_protection: controlProtection,
      implicit_hosting: bool(env.NEKO_SESSION_IMPLICIT_HOSTING, false),
      inactive_cursors: bool(env.NEKO_SESSION_INACTIVE_CURSORS, false),
      merciful_reconnect: bool(env.NEKO_SESSION_MERCIFUL_RECONNECT, true),
      heartbeat_interval: Number(env.NEKO_SESSION_HEARTBEAT_INTERVAL || 10),
      plugins: null,
    };
    this.userPassword = env.NEKO_MEMBER_MULTIUSER_USER_PASSWORD ?? 'neko';
    this.adminPassword = env.NEKO_MEMBER_MULTIUSER_ADMIN_PASSWORD ?? 'admin';
    this.userProfile = { ...DEFAULT_USER_PROFILE, ...parseJson(env.NEKO_MEMBER_MULTIUSER_USER_PROFILE) };
    this.adminProfile = { ...DEFAULT_ADMIN_PROFILE, ...parseJson(env.NEKO_MEMBER_MULTIUSER_ADMIN_PROFILE) };
    this.iceServersFrontend = parseJson(env.NEKO_WEBRTC_ICESERVERS_FRONTEND) || [];

    if (this.settings.inactive_cursors) this.startInactiveCursors();
  }

  // ---------------------------------------------------------------- members

  login(username, password) {
    let profile;
    if (password === this.adminPassword) profile = { ...this.adminProfile };
    else if (password === this.userPassword) profile = { ...this.userProfile };
    else throw new HttpError(401, 'Unauthorized');
    if (!profile.name) profile.name = username;
    if (!profile.is_admin && this.settings.locked_logins) throw new HttpError(403, 'logins are locked');
    const id = `${username}-${newUid(5)}`;
    return this.createSession(id, profile);
  }

  createSession(id, profile) {
    const token = newUid(64);
    const session = new Session(this, id, token, profile);
    this.sessions.set(id, session);
    this.tokens.set(token, id);
    this.broadcast('session/created', session.data());
    return { session, token };
  }

  deleteSession(id) {
    const session = this.sessions.get(id);
    if (!session) throw new HttpError(400, 'session is not logged in');
    this.sessions.delete(id);
    this.tokens.delete(session.token);
    if (session.state.is_connected) this.destroyWebSocketPeer(session, 'session deleted');
    session.webrtcPeer?.destroy();
    if (this.hostId === id) { this.desktop.resetKeys(); this.setHost(session, null); }
    this.broadcast('session/deleted', { id });
  }

  /** token lookup order like neko: (cookie off) Authorization: Bearer, then ?token= */
  authenticate(req, url) {
    let token = null;
    const auth = req.headers.authorization || '';
    const parts = auth.split('Bearer ');
    if (parts.length === 2) token = parts[1].trim();
    else token = url.searchParams.get('token') || null;
    if (!token) throw new Error('no authentication provided');
    const id = this.tokens.get(token);
    const session = id && this.sessions.get(id);
    if (!session) throw new Error('session not found');
    if (!session.profile.can_login) throw new Error('session login disabled');
    return session;
  }

  // ---------------------------------------------------------------- broadcast

  broadcast(event, payload, exclude = []) {
    for (const s of this.sessions.values()) {
      if (!s.state.is_connected || exclude.includes(s.id)) continue;
      s.send(event, payload);
    }
  }

  // ---------------------------------------------------------------- host

  isHost(session) { return this.hostId !== '' && this.hostId === session.id; }

  getHost() { return this.hostId ? this.sessions.get(this.hostId) || null : null; }

  setHost(bySession, host) {
    this.hostId = host ? host.id : '';
    const payload = { id: bySession.id, has_host: !!host };
    if (host) payload.host_id = host.id;
    this.broadcast('control/host', payload);
  }

  controlStatus() {
    const host = this.getHost();
    return host ? { has_host: true, host_id: host.id } : { has_host: false };
  }

  // ---------------------------------------------------------------- settings

  updateSettings(session, patch) {
    const old = { ...this.settings };
    const next = { ...this.settings, ...patch };
    this.settings = next;
    if (old.private_mode !== next.private_mode) {
      for (const s of this.sessions.values()) {
        const enabled = s.privateModeEnabled();
        if (enabled && s.isHost()) this.setHost(session, null);
        s.webrtcPeer?.setPaused(enabled);
      }
    }
    if (old.control_protection !== next.control_protection && next.control_protection && !next.locked_controls) {
      const hasAdmin = [...this.sessions.values()].some((s) => s.profile.is_admin && s.state.is_connected);
      if (!hasAdmin) this.settings.locked_controls = next.locked_controls = true;
    }
    if (old.locked_controls !== next.locked_controls && next.locked_controls) {
      const host = this.getHost();
      if (host && !host.profile.is_admin) this.setHost(session, null);
    }
    if (next.inactive_cursors && !old.inactive_cursors) this.startInactiveCursors();
    if (!next.inactive_cursors && old.inactive_cursors) this.stopInactiveCursors();
    this.broadcast('system/settings', { id: session.id, ...this.settings });
  }

  stats() {
    const host = this.getHost();
    const s = { has_host: !!host };
    if (host) s.host_id = host.id;
    s.server_started_at = this.serverStartedAt.toISOString();
    s.total_users = this.totalUsers;
    if (this.lastUserLeftAt) s.last_user_left_at = this.lastUserLeftAt.toISOString();
    s.total_admins = this.totalAdmins;
    if (this.lastAdminLeftAt) s.last_admin_left_at = this.lastAdminLeftAt.toISOString();
    return s;
  }

  // ---------------------------------------------------------------- websocket lifecycle

  /** websocket/manager.go connect() after a successful upgrade */
  connectWebSocket(ws, req, url) {
    let session;
    try {
      session = this.authenticate(req, url);
    } catch (e) {
      new WsPeer(ws, this.log).destroy(e.message);
      return;
    }
    const peer = new WsPeer(ws, this.log);
    if (!session.profile.can_connect) { peer.destroy('connection disabled'); return; }
    if (session.state.is_connected && !this.settings.merciful_reconnect) { peer.destroy('already connected'); return; }

    this.connectWebSocketPeer(session, peer);

    const heartbeat = setInterval(() => peer.ping(), 10_000);
    ws.on('message', (raw, isBinary) => {
      if (isBinary) return;
      let data;
      try { data = JSON.parse(raw.toString()); } catch { this.log('message unmarshalling has failed'); return; }
      if (!data || typeof data.event !== 'string') return;
      Promise.resolve()
        .then(() => this.handleMessage(session, data))
        .catch((e) => this.log(`handler ${data.event} (${session.id}): ${e.message}`));
    });
    ws.on('close', (code) => {
      clearInterval(heartbeat);
      // 1000/1001 = clean close -> immediate; anything else (incl. 1006) -> 5 s grace
      const delayed = !(code === 1000 || code === 1001) || peer.destroyed;
      this.disconnectWebSocketPeer(session, peer, delayed && !peer.destroyed);
    });
    ws.on('error', () => {});
  }

  connectWebSocketPeer(session, peer) {
    const old = session.wsPeer;
    if (old === peer) return;
    session.wsPeer = peer;
    if (session.wsDelayedTimer) { clearTimeout(session.wsDelayedTimer); session.wsDelayedTimer = null; }
    session.state = { ...session.state, is_connected: true, connected_since: new Date().toISOString() };
    delete session.state.not_connected_since;
    if (session.profile.is_admin) { this.totalAdmins++; this.lastAdminLeftAt = null; } else { this.totalUsers++; this.lastUserLeftAt = null; }
    this.onSessionConnected(session);
    if (old) old.destroy('connection replaced');
  }

  disconnectWebSocketPeer(session, peer, delayed) {
    if (!peer || session.wsPeer !== peer) return;
    if (session.wsDelayedTimer) { clearTimeout(session.wsDelayedTimer); session.wsDelayedTimer = null; }
    if (delayed) {
      session.wsDelayedTimer = setTimeout(() => {
        session.wsDelayedTimer = null;
        this.disconnectWebSocketPeer(session, peer, false);
      }, WS_DELAYED_MS);
      return;
    }
    const now = new Date();
    session.state = { ...session.state, is_connected: false, not_connected_since: now.toISOString() };
    delete session.state.connected_since;
    if (session.profile.is_admin) { if (--this.totalAdmins === 0) this.lastAdminLeftAt = now; } else if (--this.totalUsers === 0) this.lastUserLeftAt = now;
    if (session.wsPeer === peer) session.wsPeer = null;
    this.onSessionDisconnected(session);
  }

  destroyWebSocketPeer(session, reason) {
    const peer = session.wsPeer;
    if (!peer) return;
    this.disconnectWebSocketPeer(session, peer, false);
    peer.destroy(reason);
  }

  onSessionConnected(session) {
    this.systemInit(session);
    if (session.profile.is_admin) {
      this.systemAdmin(session);
      if (this.settings.locked_controls && this.settings.control_protection) this.updateSettings(session, { locked_controls: false });
    }
    this.broadcast('session/state', { id: session.id, ...session.state });
  }

  onSessionDisconnected(session) {
    if (session.isHost()) {
      this.desktop.resetKeys();
      this.setHost(session, null);
    }
    if (session.profile.is_admin) {
      const hasAdmin = [...this.sessions.values()].some((s) => s.profile.is_admin && s.id !== session.id && s.state.is_connected);
      if (!this.settings.locked_controls && this.settings.control_protection && !hasAdmin) this.updateSettings(session, { locked_controls: true });
    }
    this.broadcast('session/state', { id: session.id, ...session.state });
  }

  systemInit(session) {
    const host = this.getHost();
    const control_host = { id: '', has_host: !!host };
    if (host) control_host.host_id = host.id;
    const sessions = {};
    for (const s of this.sessions.values()) sessions[s.id] = s.data();
    session.send('system/init', {
      session_id: session.id,
      control_host,
      screen_size: this.desktop.getScreenSize(),
      sessions,
      settings: this.settings,
      touch_events: false,
      screencast_enabled: false,
      webrtc: { videos: this.videoIds },
    });
  }

  systemAdmin(session) {
    session.send('system/admin', {
      screen_sizes_list: this.desktop.screenConfigurations(),
      broadcast_status: { is_active: false },
    });
  }

  // ---------------------------------------------------------------- webrtc

  setWebRTCConnected(session, peer, connected) {
    if (session.webrtcPeer !== peer) return;
    const now = new Date().toISOString();
    session.state = { ...session.state, is_watching: connected };
    if (connected) { session.state.watching_since = now; delete session.state.not_watching_since; }
    else { session.state.not_watching_since = now; delete session.state.watching_since; }
    this.broadcast('session/state', { id: session.id, ...session.state });
    if (connected) return;
    session.webrtcPeer = null;
    session.send('signal/close', null);
  }

  setCursorPosition(x, y) {
    for (const p of this.cursorListeners) p.sendCursorPosition(x, y);
  }

  setInactiveCursor(session, x, y) {
    if (!this.settings.inactive_cursors || !session.profile.sends_inactive_cursor) return;
    const list = this.inactiveCursors.get(session.id) || [];
    list.push({ x, y });
    this.inactiveCursors.set(session.id, list);
  }

  startInactiveCursors() {
    if (this.inactiveTimer) return;
    let lastEmpty = false;
    this.inactiveTimer = setInterval(() => {
      const map = this.inactiveCursors;
      this.inactiveCursors = new Map();
      const empty = map.size === 0;
      if (empty && lastEmpty) return;
      lastEmpty = empty;
      const payload = [...map].map(([id, cursors]) => ({ id, cursors }));
      for (const s of this.sessions.values()) if (s.state.is_connected && s.profile.can_see_inactive_cursors) s.send('session/cursors', payload);
    }, INACTIVE_CURSORS_MS);
    this.inactiveTimer.unref?.();
  }

  stopInactiveCursors() {
    if (!this.inactiveTimer) return;
    clearInterval(this.inactiveTimer);
    this.inactiveTimer = null;
    this.inactiveCursors = new Map();
    for (const s of this.sessions.values()) if (s.state.is_connected && s.profile.can_see_inactive_cursors) s.send('session/cursors', []);
  }

  selectVideo(selector, current) {
    const ids = this.videoIds;
    const type = selector.type || 'exact';
    if (type === 'exact' || type === 'nearest') {
      if (ids.includes(selector.id)) return selector.id;
      return type === 'nearest' ? ids[0] : null;
    }
    return ids.includes(selector.id || current) && ids.length === 1 ? null : null; // lower/higher: only one quality
  }

  // ---------------------------------------------------------------- control (handler/control.go)

  controlRequest(session) {
    if (!session.profile.can_host || session.privateModeEnabled()) return 'is not allowed to host';
    if (session.isHost()) return 'is already the host';
    if (this.settings.locked_controls && !session.profile.is_admin) return 'is not allowed to host';
    if (this.settings.implicit_hosting) { this.setHost(session, session); return null; }
    const host = this.getHost();
    if (!host) { this.setHost(session, session); return null; }
    host.send('control/request', { id: session.id });
    return 'is already hosted';
  }

  /** implicit request used by every WS input event */
  implicitRequest(session) {
    const err = this.controlRequest(session);
    if (err && err !== 'is already the host') throw new Error(err);
  }

  controlRelease(session) {
    if (!session.profile.can_host || session.privateModeEnabled()) throw new Error('is not allowed to host');
    if (!session.isHost()) throw new Error('is not the host');
    this.desktop.resetKeys();
    this.setHost(session, null);
  }

  controlMove(session, p) {
    this.implicitRequest(session);
    this.desktop.move(p.x | 0, p.y | 0);
    this.setCursorPosition(p.x | 0, p.y | 0);
  }

  /** input with optional position: neko moves first when x or y is present (*ControlPos) */
  withPos(session, p) {
    if (p && ('x' in p || 'y' in p)) this.controlMove(session, { x: p.x ?? 0, y: p.y ?? 0 });
    else this.implicitRequest(session);
  }

  clipboardSet(session, text) {
    if (!session.profile.can_access_clipboard) throw new Error('cannot access clipboard');
    if (!session.isHost()) throw new Error('is not the host');
    this.clipboardText = text;
    return this.desktop.setClipboardText?.(text);
  }

  // ---------------------------------------------------------------- messages (handler/handler.go)

  async handleMessage(session, data) {
    const { event } = data;
    const hasPayload = Object.prototype.hasOwnProperty.call(data, 'payload');
    // neko unmarshals json.RawMessage into the payload struct: a missing payload is an error
    const p = () => {
      if (!hasPayload) throw new Error('unexpected end of JSON input');
      return data.payload ?? {};
    };
    const d = this.desktop;
    switch (event) {
      case 'client/heartbeat': return;
      case 'system/logs': p(); return;

      case 'signal/request': return this.signalRequest(session, p());
      case 'signal/restart': {
        const peer = session.webrtcPeer;
        if (!peer) throw new Error('webRTC peer does not exist');
        const sdp = await peer.createOffer(true);
        session.send('signal/restart', { sdp });
        return;
      }
      case 'signal/offer': {
        const { sdp } = p();
        const peer = session.webrtcPeer;
        if (!peer) throw new Error('webRTC peer does not exist');
        await peer.setRemoteDescription('offer', sdp);
        session.send('signal/answer', { sdp: await peer.createAnswer() });
        return;
      }
      case 'signal/answer': {
        const { sdp } = p();
        const peer = session.webrtcPeer;
        if (!peer) throw new Error('webRTC peer does not exist');
        await peer.setRemoteDescription('answer', sdp);
        return;
      }
      case 'signal/candidate': {
        const c = p();
        const peer = session.webrtcPeer;
        if (!peer) throw new Error('webRTC peer does not exist');
        await peer.addCandidate(c);
        return;
      }
      case 'signal/video': {
        const peer = session.webrtcPeer;
        const req = p();
        if (!peer) throw new Error('webRTC peer does not exist');
        if (peer.setVideo(req)) session.send('signal/video', peer.video());
        return;
      }
      case 'signal/audio': {
        const peer = session.webrtcPeer;
        const req = p();
        if (!peer) throw new Error('webRTC peer does not exist');
        if (peer.setAudio(req)) session.send('signal/audio', peer.audio());
        return;
      }

      case 'control/release': return this.controlRelease(session);
      case 'control/request': { const err = this.controlRequest(session); if (err) throw new Error(err); return; }
      case 'control/move': return this.controlMove(session, p());
      case 'control/scroll': {
        const s = p();
        this.implicitRequest(session);
        let dx = s.delta_x | 0;
        let dy = s.delta_y | 0;
        if (dx === 0 && dy === 0) { dx = s.x | 0; dy = s.y | 0; } // legacy {x,y}
        d.scroll(dx, dy, !!s.control_key);
        return;
      }
      case 'control/buttonpress': { const b = p(); this.withPos(session, b); return d.buttonPress(b.code >>> 0); }
      case 'control/buttondown': { const b = p(); this.withPos(session, b); return d.buttonDown(b.code >>> 0); }
      case 'control/buttonup': { const b = p(); this.withPos(session, b); return d.buttonUp(b.code >>> 0); }
      case 'control/keypress': { const k = p(); this.withPos(session, k); return d.keyPress(k.keysym >>> 0); }
      case 'control/keydown': { const k = p(); this.withPos(session, k); return d.keyDown(k.keysym >>> 0); }
      case 'control/keyup': { const k = p(); this.withPos(session, k); return d.keyUp(k.keysym >>> 0); }
      case 'control/touchbegin': case 'control/touchupdate': case 'control/touchend':
        p(); this.implicitRequest(session); throw new Error('touch events are not supported');
      case 'control/cut': this.implicitRequest(session); return d.keyPress(XK.Control_L, XK.x);
      case 'control/copy': this.implicitRequest(session); return d.keyPress(XK.Control_L, XK.c);
      case 'control/select_all': this.implicitRequest(session); return d.keyPress(XK.Control_L, XK.a);
      case 'control/paste': {
        const c = p();
        this.implicitRequest(session);
        if (c && c.text) await this.clipboardSet(session, c.text);
        return d.keyPress(XK.Control_L, XK.v);
      }

      case 'screen/set': {
        const s = p();
        if (!session.profile.is_admin) throw new Error('is not the admin');
        const size = await d.setScreenSize(s);
        this.broadcast('screen/updated', { id: session.id, ...size });
        return;
      }
      case 'clipboard/set': return this.clipboardSet(session, p().text ?? '');
      case 'keyboard/map': p(); if (!session.isHost()) throw new Error('is not the host'); return; // layout fixed (us)
      case 'keyboard/modifiers': { const m = p(); if (!session.isHost()) throw new Error('is not the host'); return d.setKeyboardModifiers(m); }

      case 'send/unicast': {
        const m = p();
        const receiver = this.sessions.get(m.receiver);
        if (!receiver) throw new Error('receiver session ID not found');
        receiver.send('send/unicast', { sender: session.id, receiver: receiver.id, subject: m.subject ?? '', body: m.body ?? null });
        return;
      }
      case 'send/broadcast': {
        const m = p();
        this.broadcast('send/broadcast', { sender: session.id, subject: m.subject ?? '', body: m.body ?? null }, [session.id]);
        return;
      }
      default:
        this.log(`unhandled message ${event}`);
    }
  }

  async signalRequest(session, payload) {
    if (!session.profile.can_watch) throw new Error('not allowed to watch');
    // a new request replaces (and destroys) the previous peer
    const old = session.webrtcPeer;
    const peer = new NekoPeer({ session, room: this, desktop: this.desktop, log: this.log, cursorImage: this.cursorImage });
    session.webrtcPeer = peer;
    if (old) old.destroy();
    const sdp = await peer.createOffer(false);
    if (session.privateModeEnabled()) peer.setPaused(true);
    const video = { ...(payload.video || {}) };
    if (!video.selector) video.selector = { id: this.videoIds[0], type: 'exact' };
    if (video.auto === undefined) video.auto = !!payload.auto;
    peer.setVideo(video);
    const audio = { ...(payload.audio || {}) };
    if (audio.disabled === undefined) audio.disabled = false;
    peer.setAudio(audio);
    session.send('signal/provide', {
      sdp,
      iceservers: this.iceServersFrontend,
      video: peer.video(),
      audio: peer.audio(),
    });
    peer.releaseCandidates();
  }

  close() {
    this.stopInactiveCursors();
    for (const s of this.sessions.values()) {
      s.webrtcPeer?.destroy();
      if (s.wsPeer) s.wsPeer.destroy('connection shutdown');
      clearTimeout(s.wsDelayedTimer);
    }
  }
}

function parseJson(v) {
  if (!v) return undefined;
  try { return JSON.parse(v); } catch { return undefined; }
}
