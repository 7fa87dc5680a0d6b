// Minimal Chrome DevTools Protocol client over one browser-level WebSocket
// (flattened target sessions). Used by the dev server to manage the remote
// Chromium (window bounds, headless screencast, CDP input fallback, tests).
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';

export class CdpClient extends EventEmitter {
  static async connect(wsUrl) {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new CdpClient(ws);
  }

  constructor(ws) {
    super();
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map();
    this.closed = false;
    ws.on('message', (data) => {
      let msg;
      try { msg = JSON.parse(data.toString()); } catch { return; }
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result);
      } else if (msg.method) {
        this.emit(msg.method, msg.params, msg.sessionId);
        this.emit('event', msg.method, msg.params, msg.sessionId);
      }
    });
    ws.on('close', () => {
      this.closed = true;
      for (const p of this.pending.values()) p.reject(new Error('CDP connection closed'));
      this.pending.clear();
      this.emit('close');
    });
    ws.on('error', () => {});
  }

  send(method, params = {}, sessionId) {
    if (this.closed) return Promise.reject(new Error('CDP connection closed'));
    const id = this.nextId++;
    const msg = { id, method, params };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify(msg));
    });
  }

  /** Attach (flatten) to the first "page" target; returns { sessionId, targetId }. */
  async attachToFirstPage() {
    const { targetInfos } = await this.send('Target.getTargets');
    const page = targetInfos.find((t) => t.type === 'page' && !t.url.startsWith('devtools://'));
    if (!page) throw new Error('no page target');
    const { sessionId } = await this.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    return { sessionId, targetId: page.targetId };
  }

  close() {
    try { this.ws.close(); } catch {}
  }
}
