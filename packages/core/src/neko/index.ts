export * from './types.js';
export * from './errors.js';
export * from './codec.js';
export * from './keysym.js';
export * from './pointer.js';
export * from './backoff.js';
export * from './control.js';
export { NekoRest, normalizeNekoServer } from './rest.js';
export { NekoSocket, CLOSE_RECONNECT, type SocketLike, type SocketFactory, type SocketCloseInfo } from './socket.js';
export { NekoPeer, StatsSampler, mungeAnswer, toRtcIceServers, type PeerFactory, type MediaStats } from './webrtc.js';
export {
  NekoClient,
  type NekoAuth,
  type NekoClientOptions,
  type NekoConnection,
  type NekoStatus,
  type NekoState,
  type NekoStats,
  type CursorImage,
} from './client.js';
