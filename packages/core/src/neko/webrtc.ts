/**
 * The WebRTC side of a neko session. The server is the offerer (signal/provide, signal/offer,
 * signal/restart all carry an offer); we answer. Remote candidates that arrive before the remote
 * description are buffered. The server creates the `data` channel.
 */
import type { IceCandidate, IceServer } from './types.js';

export type PeerFactory = (config: RTCConfiguration) => RTCPeerConnection;

export interface NekoPeerOptions {
  createPeer?: PeerFactory;
  sendAnswer: (sdp: string) => void;
  sendCandidate: (candidate: IceCandidate) => void;
  onTrack: (event: RTCTrackEvent) => void;
  onDataChannelOpen: (channel: RTCDataChannel) => void;
  onDataMessage: (data: ArrayBuffer) => void;
  onConnectionState: (state: RTCPeerConnectionState) => void;
}

/** neko-client munges Opus to stereo; harmless elsewhere. */
export function mungeAnswer(sdp: string): string {
  return sdp.replace(/useinbandfec=1(?!;stereo=1)/g, 'useinbandfec=1;stereo=1');
}

export function toRtcIceServers(servers: IceServer[] | undefined): RTCIceServer[] {
  return (servers ?? []).map((s) => ({
    urls: s.urls,
    ...(s.username !== undefined ? { username: s.username } : {}),
    ...(s.credential !== undefined ? { credential: s.credential } : {}),
  }));
}

export class NekoPeer {
  readonly pc: RTCPeerConnection;
  channel: RTCDataChannel | undefined;
  private pending: IceCandidate[] = [];
  private closed = false;
  /** Offers are applied one at a time. */
  private queue: Promise<void> = Promise.resolve();

  constructor(iceServers: IceServer[] | undefined, private readonly options: NekoPeerOptions) {
    const create = options.createPeer ?? ((config: RTCConfiguration) => new RTCPeerConnection(config));
    this.pc = create({ iceServers: toRtcIceServers(iceServers) });
    this.pc.onicecandidate = (ev) => {
      if (!ev.candidate || this.closed) return;
      const c = ev.candidate.toJSON();
      if (c.candidate) options.sendCandidate(c as IceCandidate);
    };
    this.pc.ontrack = (ev) => !this.closed && options.onTrack(ev);
    this.pc.onconnectionstatechange = () => !this.closed && options.onConnectionState(this.pc.connectionState);
    this.pc.ondatachannel = (ev) => {
      const ch = ev.channel;
      ch.binaryType = 'arraybuffer';
      this.channel = ch;
      ch.onopen = () => !this.closed && options.onDataChannelOpen(ch);
      ch.onmessage = (m) => {
        if (this.closed) return;
        if (m.data instanceof ArrayBuffer) options.onDataMessage(m.data);
      };
      if (ch.readyState === 'open') options.onDataChannelOpen(ch);
    };
  }

  get dataChannelOpen(): boolean {
    return this.channel?.readyState === 'open';
  }

  /** Applies a server offer (provide / renegotiation / ICE restart) and sends the answer. */
  applyOffer(sdp: string): Promise<void> {
    const run = async () => {
      if (this.closed) return;
      await this.pc.setRemoteDescription({ type: 'offer', sdp });
      const buffered = this.pending;
      this.pending = [];
      for (const c of buffered) await this.addCandidate(c);
      const answer = await this.pc.createAnswer();
      const munged = { type: answer.type, sdp: mungeAnswer(answer.sdp ?? '') } as RTCSessionDescriptionInit;
      await this.pc.setLocalDescription(munged);
      if (!this.closed) this.options.sendAnswer(this.pc.localDescription?.sdp ?? munged.sdp ?? '');
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  /** Adds a remote candidate, or buffers it until the remote description is set. */
  async addRemoteCandidate(candidate: IceCandidate): Promise<void> {
    if (this.closed) return;
    if (!this.pc.remoteDescription) {
      this.pending.push(candidate);
      return;
    }
    await this.addCandidate(candidate);
  }

  private async addCandidate(c: IceCandidate): Promise<void> {
    try {
      await this.pc.addIceCandidate(c as RTCIceCandidateInit);
    } catch {
      /* a bad candidate must not break negotiation */
    }
  }

  send(bytes: Uint8Array<ArrayBuffer>): boolean {
    if (!this.channel || this.channel.readyState !== 'open') return false;
    this.channel.send(bytes);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    try {
      this.channel?.close();
    } catch {
      /* ignore */
    }
    try {
      this.pc.close();
    } catch {
      /* ignore */
    }
  }
}

export interface MediaStats {
  fps: number | null;
  /** Video bits per second over the last sample. */
  bitrate: number | null;
  /** 0–1 over the last sample. */
  packetLoss: number | null;
}

interface InboundSample {
  bytes: number;
  lost: number;
  received: number;
  at: number;
}

/** Turns successive `getStats()` reports into fps / bitrate / loss deltas. */
export class StatsSampler {
  private last: InboundSample | undefined;

  sample(report: RTCStatsReport | Map<string, Record<string, unknown>>, now: number): MediaStats {
    let bytes = 0;
    let lost = 0;
    let received = 0;
    let fps: number | null = null;
    (report as Map<string, Record<string, unknown>>).forEach((s) => {
      if (s['type'] !== 'inbound-rtp' || s['kind'] !== 'video') return;
      bytes += Number(s['bytesReceived'] ?? 0);
      lost += Number(s['packetsLost'] ?? 0);
      received += Number(s['packetsReceived'] ?? 0);
      if (typeof s['framesPerSecond'] === 'number') fps = s['framesPerSecond'] as number;
    });
    const prev = this.last;
    this.last = { bytes, lost, received, at: now };
    if (!prev || now <= prev.at) return { fps, bitrate: null, packetLoss: null };
    const seconds = (now - prev.at) / 1000;
    const dLost = Math.max(0, lost - prev.lost);
    const dRecv = Math.max(0, received - prev.received);
    return {
      fps,
      bitrate: Math.max(0, ((bytes - prev.bytes) * 8) / seconds),
      packetLoss: dLost + dRecv > 0 ? dLost / (dLost + dRecv) : 0,
    };
  }

  reset(): void {
    this.last = undefined;
  }
}
