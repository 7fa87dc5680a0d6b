// One neko-like WebRTC peer per session, built on werift (server = offerer,
// like neko's pion peer in server/internal/webrtc/manager.go CreatePeer):
//  - audio (Opus, silent) + video (VP8) transceivers, stream id "stream"
//  - server-created ordered data channel "data"
//  - trickled candidates as signal/candidate {candidate,sdpMid,sdpMLineIndex,usernameFragment}
//  - connected -> session watching; disconnected/failed -> destroy -> closed -> signal/close
// Loopback-only: iceLite, 127.0.0.1 host candidates only, never any STUN lookup.
import {
  RTCPeerConnection, RTCRtpCodecParameters, MediaStreamTrack, MediaStream,
} from 'werift';
import { parseClientMessage, encodeCursorImage, encodeCursorPosition, encodePong, OP_IN } from './protocol.mjs';

const LOOPBACK = '127.0.0.1';

export function loopbackOnlySdp(sdp) {
  return sdp
    .split(/\r\n/)
    .filter((l) => !l.startsWith('a=candidate:') || l.split(' ')[4] === LOOPBACK)
    .join('\r\n');
}

function isLoopbackCandidate(c) {
  if (!c) return false;
  const parts = c.replace(/^a=/, '').split(' ');
  return parts[4] === LOOPBACK;
}

export class NekoPeer {
  /**
   * @param {{session:any, room:any, desktop:any, log:Function, cursorImage:any}} o
   */
  constructor({ session, room, desktop, log, cursorImage }) {
    this.session = session;
    this.room = room;
    this.desktop = desktop;
    this.log = log;
    this.cursorImage = cursorImage;
    this.videoId = room.videoIds[0];
    this.videoDisabled = false;
    this.videoAuto = false;
    this.audioDisabled = true; // neko disables audio until signal/request enables it
    this.paused = false;
    this.destroyed = false;
    this.closedOnce = false;
    this.candidatesReady = false;
    this.pendingCandidates = [];

    this.pc = new RTCPeerConnection({
      codecs: {
        audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 })],
        video: [new RTCRtpCodecParameters({
          mimeType: 'video/VP8', clockRate: 90000, payloadType: 96,
          rtcpFeedback: [{ type: 'goog-remb' }, { type: 'ccm', parameter: 'fir' }, { type: 'nack' }, { type: 'nack', parameter: 'pli' }],
        })],
      },
      iceServers: [],
      bundlePolicy: 'max-bundle',
      iceLite: true,
      iceUseIpv6: false,
      iceInterfaceAddresses: { udp4: LOOPBACK },
      iceAdditionalHostAddresses: [LOOPBACK],
      iceFilterCandidatePair: (p) => p.remoteCandidate.host === LOOPBACK,
    });

    const stream = new MediaStream({ id: 'stream' });
    this.audioTrack = new MediaStreamTrack({ kind: 'audio', id: 'audio' });
    this.videoTrack = new MediaStreamTrack({ kind: 'video', id: 'video' });
    this.pc.addTransceiver(this.audioTrack, { direction: 'sendrecv', streams: [stream] });
    this.pc.addTransceiver(this.videoTrack, { direction: 'sendrecv', streams: [stream] });
    this.dc = this.pc.createDataChannel('data');

    this.onRtp = (buf) => {
      if (this.destroyed || this.videoDisabled || this.paused) return;
      try { this.videoTrack.writeRtp(buf); } catch {}
    };

    this.pc.onIceCandidate.subscribe((cand) => {
      if (!cand || !isLoopbackCandidate(cand.candidate)) return;
      const msg = {
        candidate: cand.candidate,
        sdpMid: cand.sdpMid ?? '0',
        sdpMLineIndex: cand.sdpMLineIndex ?? 0,
        usernameFragment: null,
      };
      if (this.candidatesReady) this.session.send('signal/candidate', msg);
      else this.pendingCandidates.push(msg);
    });

    this.pc.connectionStateChange.subscribe((state) => {
      this.log(`peer ${this.session.id}: ${state}`);
      if (state === 'connected') {
        this.startLivenessCheck();
        this.room.setWebRTCConnected(this.session, this, true);
      } else if (state === 'disconnected' || state === 'failed') {
        this.destroy();
      } else if (state === 'closed') {
        this.onClosed();
      }
    });

    this.dc.stateChanged.subscribe((state) => {
      if (state === 'open') this.onDataChannelOpen();
      if (state === 'closed') this.room.cursorListeners.delete(this);
    });
    this.dc.onMessage.subscribe((data) => {
      if (typeof data === 'string') return;
      try { this.handleData(data); } catch (e) { this.log('data handle failed:', e.message); }
    });

    this.desktop.addVideoListener(this.onRtp);
  }

  async createOffer(iceRestart = false) {
    if (iceRestart) this.pc.restartIce?.();
    const offer = await this.pc.createOffer(iceRestart ? { iceRestart: true } : undefined);
    await this.pc.setLocalDescription(offer);
    return loopbackOnlySdp(this.pc.localDescription.sdp);
  }

  /** flush candidates gathered before signal/provide was sent */
  releaseCandidates() {
    this.candidatesReady = true;
    for (const c of this.pendingCandidates.splice(0)) this.session.send('signal/candidate', c);
  }

  async setRemoteDescription(type, sdp) {
    await this.pc.setRemoteDescription({ type, sdp: loopbackOnlySdp(sdp) });
  }

  async createAnswer() {
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    return loopbackOnlySdp(this.pc.localDescription.sdp);
  }

  async addCandidate(init) {
    // drop mDNS (.local) and non-loopback candidates: nothing may leave 127.0.0.1
    if (!init || !init.candidate || !isLoopbackCandidate(init.candidate)) return;
    await this.pc.addIceCandidate({ candidate: init.candidate, sdpMid: init.sdpMid ?? undefined, sdpMLineIndex: init.sdpMLineIndex ?? undefined });
  }

  // neko PeerVideo / PeerAudio
  video() { return { disabled: this.videoDisabled, id: this.videoId, video: this.videoId, auto: this.videoAuto }; }
  audio() { return { disabled: this.audioDisabled }; }

  setVideo(req = {}) {
    let modified = false;
    if (typeof req.disabled === 'boolean' && req.disabled !== this.videoDisabled) { this.videoDisabled = req.disabled; modified = true; }
    if (req.selector) {
      const id = this.room.selectVideo(req.selector, this.videoId);
      if (!id) throw new Error('webrtc stream not found');
      if (id !== this.videoId) { this.videoId = id; modified = true; }
    }
    if (typeof req.auto === 'boolean') {
      const auto = false; // no bandwidth estimator: neko forces auto=false then
      if (auto !== this.videoAuto) { this.videoAuto = auto; modified = true; }
    }
    return modified;
  }

  setAudio(req = {}) {
    if (typeof req.disabled === 'boolean' && req.disabled !== this.audioDisabled) { this.audioDisabled = req.disabled; return true; }
    return false;
  }

  setPaused(p) { this.paused = p; }

  onDataChannelOpen() {
    this.room.cursorListeners.add(this);
    this.sendCursorImage(this.cursorImage);
    const [x, y] = this.desktop.getCursorPosition();
    this.sendCursorPosition(x, y);
  }

  sendRaw(buf) {
    if (this.dc.readyState !== 'open') return;
    try { this.dc.send(buf); } catch (e) { this.log('dc send failed:', e.message); }
  }

  sendCursorPosition(x, y) {
    if (this.room.isHost(this.session)) return; // never to the host
    this.sendRaw(encodeCursorPosition(x, y));
  }

  sendCursorImage(cur) { this.sendRaw(encodeCursorImage(cur)); }

  handleData(data) {
    const msg = parseClientMessage(data);
    const isHost = this.room.isHost(this.session);
    if (msg.op === OP_IN.MOVE) {
      if (isHost) {
        this.desktop.move(msg.x, msg.y);
        this.room.setCursorPosition(msg.x, msg.y);
      } else {
        this.room.setInactiveCursor(this.session, msg.x, msg.y);
      }
      return;
    }
    if (msg.op === OP_IN.PING) {
      this.sendRaw(encodePong(msg));
      return;
    }
    if (!isHost) return;
    const d = this.desktop;
    const guard = (fn) => { try { fn(); } catch (e) { this.log(`input: ${e.message}`); } };
    switch (msg.op) {
      case OP_IN.SCROLL: guard(() => d.scroll(msg.deltaX, msg.deltaY, msg.controlKey)); break;
      case OP_IN.KEY_DOWN: guard(() => d.keyDown(msg.key)); break;
      case OP_IN.KEY_UP: guard(() => d.keyUp(msg.key)); break;
      case OP_IN.BTN_DOWN: guard(() => d.buttonDown(msg.key)); break;
      case OP_IN.BTN_UP: guard(() => d.buttonUp(msg.key)); break;
      case OP_IN.TOUCH_BEGIN: case OP_IN.TOUCH_UPDATE: case OP_IN.TOUCH_END:
        this.log('touch events are not supported (touch_events=false)');
        break;
      default: break;
    }
  }

  /**
   * pion (neko) declares the peer disconnected after 4 s without traffic and neko then destroys it.
   * werift as ICE-lite does not notice a vanished remote, so watch inbound activity ourselves
   * (STUN consent checks from the controlling browser + RTCP/SCTP/DTLS data).
   */
  startLivenessCheck() {
    if (this.liveness) return;
    let last = -1;
    let lastChange = Date.now();
    this.liveness = setInterval(() => {
      const conn = this.pc.iceTransports?.[0]?.connection;
      const pair = conn?.nominated;
      const activity = pair ? (pair.bytesReceived || 0) + (pair.requestsReceived || 0) + (pair.packetsReceived || 0) : 0;
      if (activity !== last) { last = activity; lastChange = Date.now(); return; }
      if (Date.now() - lastChange > 4000) {
        this.log(`peer ${this.session.id}: no traffic for 4 s, destroying`);
        this.destroy();
      }
    }, 1000);
    this.liveness.unref?.();
  }

  destroy() {
    if (this.destroyed) return;
    clearInterval(this.liveness);
    this.destroyed = true;
    this.desktop.removeVideoListener(this.onRtp);
    this.room.cursorListeners.delete(this);
    this.pc.close().catch(() => {}).finally(() => this.onClosed());
  }

  onClosed() {
    clearInterval(this.liveness);
    if (this.closedOnce) return;
    this.closedOnce = true;
    if (!this.destroyed) {
      this.destroyed = true;
      this.desktop.removeVideoListener(this.onRtp);
      this.room.cursorListeners.delete(this);
    }
    this.room.setWebRTCConnected(this.session, this, false);
  }
}
