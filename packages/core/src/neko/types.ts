/**
 * neko v3 protocol shapes (server/pkg/types/*, server/pkg/types/message/messages.go).
 * Only the events this client uses are typed; unknown events are passed through as `unknown`.
 */

export interface MemberProfile {
  name: string;
  is_admin: boolean;
  can_login: boolean;
  can_connect: boolean;
  can_watch: boolean;
  can_host: boolean;
  can_share_media: boolean;
  can_access_clipboard: boolean;
  sends_inactive_cursor: boolean;
  can_see_inactive_cursors: boolean;
  plugins?: Record<string, unknown>;
}

export interface SessionState {
  is_connected: boolean;
  connected_since?: string;
  not_connected_since?: string;
  is_watching: boolean;
  watching_since?: string;
  not_watching_since?: string;
}

export interface SessionData {
  id: string;
  profile: MemberProfile;
  state: SessionState;
}

/** `POST /api/login` answer; `token` is present only when the server has cookies disabled. */
export interface LoginResponse extends SessionData {
  token?: string;
}

/** `control/host` broadcast and `system/init.control_host`. `id` is who caused the change. */
export interface ControlHost {
  id?: string;
  has_host: boolean;
  host_id?: string;
}

export interface ScreenSize {
  width: number;
  height: number;
  rate: number;
}

export interface RoomSettings {
  private_mode: boolean;
  locked_logins: boolean;
  locked_controls: boolean;
  control_protection: boolean;
  implicit_hosting: boolean;
  inactive_cursors: boolean;
  merciful_reconnect: boolean;
  heartbeat_interval: number;
  plugins?: Record<string, unknown>;
}

export interface StreamSelector {
  type?: 'exact' | 'nearest' | 'lower' | 'higher';
  id?: string;
  bitrate?: number;
}

export interface SignalRequest {
  video?: { disabled?: boolean; selector?: StreamSelector; auto?: boolean };
  audio?: { disabled?: boolean };
  auto?: boolean;
}

export interface IceServer {
  urls: string[] | string;
  username?: string;
  credential?: string;
}

export interface SignalProvide {
  sdp: string;
  iceservers?: IceServer[];
  video?: { disabled: boolean; id: string; video: string; auto: boolean };
  audio?: { disabled: boolean };
}

export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export interface SystemInit {
  session_id: string;
  control_host: ControlHost;
  screen_size: ScreenSize;
  sessions: Record<string, SessionData>;
  settings: RoomSettings;
  touch_events: boolean;
  screencast_enabled: boolean;
  webrtc: { videos: string[] };
}

export interface SystemAdmin {
  screen_sizes_list: ScreenSize[];
  broadcast_status?: { is_active: boolean; url?: string };
}

export interface KeyboardModifiers {
  shift?: boolean;
  capslock?: boolean;
  control?: boolean;
  alt?: boolean;
  numlock?: boolean;
  meta?: boolean;
  super?: boolean;
  altgr?: boolean;
}

/** Events the server sends, by name. */
export interface NekoServerEvents {
  'system/init': SystemInit;
  'system/admin': SystemAdmin;
  'system/settings': RoomSettings & { id: string };
  'system/disconnect': { message: string };
  'system/heartbeat': undefined;
  'signal/provide': SignalProvide;
  'signal/offer': { sdp: string };
  'signal/answer': { sdp: string };
  'signal/restart': { sdp: string };
  'signal/candidate': IceCandidate;
  'signal/close': null;
  'signal/video': { disabled: boolean; id: string; video: string; auto: boolean };
  'signal/audio': { disabled: boolean };
  'session/created': SessionData;
  'session/deleted': { id: string };
  'session/profile': MemberProfile & { id: string };
  'session/state': SessionState & { id: string };
  'control/host': ControlHost;
  'control/request': { id: string };
  'screen/updated': ScreenSize & { id: string };
  'clipboard/updated': { text: string };
  'send/unicast': { sender: string; receiver: string; subject: string; body: unknown };
  'send/broadcast': { sender: string; subject: string; body: unknown };
}

export interface PointerPayload {
  x?: number;
  y?: number;
}

/** Events the client sends, by name (`undefined` = no payload). */
export interface NekoClientEvents {
  'client/heartbeat': undefined;
  'signal/request': SignalRequest;
  'signal/offer': { sdp: string };
  'signal/answer': { sdp: string };
  'signal/candidate': IceCandidate;
  'signal/restart': undefined;
  'signal/video': SignalRequest['video'];
  'signal/audio': { disabled?: boolean };
  'control/request': undefined;
  'control/release': undefined;
  'control/move': { x: number; y: number };
  'control/scroll': { delta_x: number; delta_y: number; control_key?: boolean };
  'control/buttondown': { code: number } & PointerPayload;
  'control/buttonup': { code: number } & PointerPayload;
  'control/keydown': { keysym: number } & PointerPayload;
  'control/keyup': { keysym: number } & PointerPayload;
  'control/touchbegin': { touch_id: number; x: number; y: number; pressure: number };
  'control/touchupdate': { touch_id: number; x: number; y: number; pressure: number };
  'control/touchend': { touch_id: number; x: number; y: number; pressure: number };
  'control/paste': { text?: string };
  'screen/set': ScreenSize;
  'clipboard/set': { text: string };
  'keyboard/modifiers': KeyboardModifiers;
  'send/unicast': { receiver: string; subject: string; body: unknown };
  'send/broadcast': { subject: string; body: unknown };
}

/** The `{event, payload}` envelope, both directions. */
export interface Envelope<E extends string = string, P = unknown> {
  event: E;
  payload?: P;
}

export type ServerEnvelope = {
  [K in keyof NekoServerEvents]: Envelope<K, NekoServerEvents[K]>;
}[keyof NekoServerEvents];
