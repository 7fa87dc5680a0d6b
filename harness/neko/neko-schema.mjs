// neko v3 wire shapes, transcribed by hand from the Go sources of m1k1o/neko
// (HEAD baf21c1d, 2026-08-15) for the conformance test. Field names and
// omitempty rules follow the struct tags; this is a description, not code
// copied from neko.
//
// Mini schema language:
//   'string' | 'bool' | 'int' | 'null' | 'any' | 'object' | 'array'
//   ['a','b']          union
//   { key: T }          object with exactly these keys; 'key?' = omitempty (may be absent)
//   { $map: T }         map[string]T
//   { $array: T }       []T

// server/pkg/types/member.go — MemberProfile (Plugins is PluginSettings = map[string]any, nil -> null)
export const MemberProfile = {
  name: 'string', is_admin: 'bool', can_login: 'bool', can_connect: 'bool', can_watch: 'bool', can_host: 'bool',
  can_share_media: 'bool', can_access_clipboard: 'bool', sends_inactive_cursor: 'bool', can_see_inactive_cursors: 'bool',
  plugins: ['object', 'null'],
};

// server/pkg/types/session.go — SessionState (*time.Time with omitempty -> RFC3339 string or absent)
export const SessionState = {
  is_connected: 'bool', 'connected_since?': 'string', 'not_connected_since?': 'string',
  is_watching: 'bool', 'watching_since?': 'string', 'not_watching_since?': 'string',
};

// server/pkg/types/session.go — Settings
export const Settings = {
  private_mode: 'bool', locked_logins: 'bool', locked_controls: 'bool', control_protection: 'bool',
  implicit_hosting: 'bool', inactive_cursors: 'bool', merciful_reconnect: 'bool', heartbeat_interval: 'int',
  plugins: ['object', 'null'],
};

// server/pkg/types/session.go — Stats
export const Stats = {
  has_host: 'bool', 'host_id?': 'string', server_started_at: 'string', total_users: 'int',
  'last_user_left_at?': 'string', total_admins: 'int', 'last_admin_left_at?': 'string',
};

// server/pkg/types/desktop.go — ScreenSize
export const ScreenSize = { width: 'int', height: 'int', rate: 'int' };

// server/pkg/types/message/messages.go — SessionData, ControlHost, …
export const SessionData = { id: 'string', profile: MemberProfile, state: SessionState };
export const ControlHost = { id: 'string', has_host: 'bool', 'host_id?': 'string' };

export const SystemInit = {
  session_id: 'string',
  control_host: ControlHost,
  screen_size: ScreenSize,
  sessions: { $map: SessionData },
  settings: Settings,
  touch_events: 'bool',
  screencast_enabled: 'bool',
  webrtc: { videos: { $array: 'string' } },
};

// messages.go — BroadcastStatus {is_active, url,omitempty}; SystemAdmin
export const SystemAdmin = {
  screen_sizes_list: { $array: ScreenSize },
  broadcast_status: { is_active: 'bool', 'url?': 'string' },
};

export const SystemDisconnect = { message: 'string' };

// server/pkg/types/webrtc.go — ICEServer, PeerVideo, PeerAudio; messages.go SignalProvide
export const ICEServer = { urls: { $array: 'string' }, 'username?': 'string', 'credential?': 'string' };
export const PeerVideo = { disabled: 'bool', id: 'string', video: 'string', auto: 'bool' };
export const PeerAudio = { disabled: 'bool' };
export const SignalProvide = { sdp: 'string', iceservers: { $array: ICEServer }, video: PeerVideo, audio: PeerAudio };
export const SignalDescription = { sdp: 'string' };

// messages.go SignalCandidate embeds pion webrtc.ICECandidateInit (pion/webrtc v4 icecandidateinit.go):
// candidate, sdpMid (*string), sdpMLineIndex (*uint16), usernameFragment (*string) — no omitempty
export const SignalCandidate = {
  candidate: 'string', sdpMid: ['string', 'null'], sdpMLineIndex: ['int', 'null'], usernameFragment: ['string', 'null'],
};

// messages.go — SessionID, SessionState (id + embedded types.SessionState), ScreenSizeUpdate, send/*
export const SessionID = { id: 'string' };
export const SessionStateMsg = { id: 'string', ...SessionState };
export const ScreenSizeUpdate = { id: 'string', ...ScreenSize };
export const SystemSettingsUpdate = { id: 'string', ...Settings };
export const SendUnicast = { sender: 'string', receiver: 'string', subject: 'string', body: 'any' };
export const SendBroadcast = { sender: 'string', subject: 'string', body: 'any' };

// server/internal/api/session.go — SessionDataPayload (login/whoami)
export const LoginResponse = { id: 'string', 'token?': 'string', profile: MemberProfile, state: SessionState };
// server/pkg/utils/http.go — HTTPError
export const HttpErrorBody = { code: 'int', message: 'string' };
// server/internal/api/room/control.go — ControlStatusPayload
export const ControlStatus = { has_host: 'bool', 'host_id?': 'string' };

// server/pkg/types/event/events.go — server -> client events and their payload shapes
export const SERVER_EVENTS = {
  'system/init': SystemInit,
  'system/admin': SystemAdmin,
  'system/settings': SystemSettingsUpdate,
  'system/disconnect': SystemDisconnect,
  'system/heartbeat': undefined, // no payload key at all (WebSocketMessage.Payload omitempty)
  'signal/provide': SignalProvide,
  'signal/restart': SignalDescription,
  'signal/offer': SignalDescription,
  'signal/answer': SignalDescription,
  'signal/candidate': SignalCandidate,
  'signal/video': PeerVideo,
  'signal/audio': PeerAudio,
  'signal/close': 'null', // session.Send(SIGNAL_CLOSE, nil) -> "payload":null
  'session/created': SessionData,
  'session/deleted': SessionID,
  'session/profile': { id: 'string', ...MemberProfile },
  'session/state': SessionStateMsg,
  'session/cursors': { $array: { id: 'string', cursors: { $array: { x: 'int', y: 'int' } } } },
  'control/host': ControlHost,
  'control/request': SessionID,
  'screen/updated': ScreenSizeUpdate,
  'clipboard/updated': { text: 'string' },
  'broadcast/status': { is_active: 'bool', 'url?': 'string' },
  'send/unicast': SendUnicast,
  'send/broadcast': SendBroadcast,
};

// Data channel, big-endian (server/internal/webrtc/payload/*.go, webrtc/handler.go, webrtc/peer.go).
// Header: u8 event, u16 length. Client->server length = payload only; server->client length = whole message.
export const DC_SERVER_TO_CLIENT = {
  CURSOR_POSITION: { op: 0x01, totalLength: 7, fields: [['x', 'u16', 3], ['y', 'u16', 5]] },
  CURSOR_IMAGE: { op: 0x02, totalLength: 'header+png', fields: [['width', 'u16', 3], ['height', 'u16', 5], ['xhot', 'u16', 7], ['yhot', 'u16', 9], ['png', 'bytes', 11]] },
  PONG: { op: 0x03, totalLength: 19, fields: [['clientTs1', 'u32', 3], ['clientTs2', 'u32', 7], ['serverTs1', 'u32', 11], ['serverTs2', 'u32', 15]] },
};
export const DC_CLIENT_TO_SERVER = {
  MOVE: { op: 0x01, length: 4 }, SCROLL: { op: 0x02, length: 5, oldLength: 4 }, KEY_DOWN: { op: 0x03, length: 4 },
  KEY_UP: { op: 0x04, length: 4 }, BTN_DOWN: { op: 0x05, length: 4 }, BTN_UP: { op: 0x06, length: 4 },
  PING: { op: 0x07, length: 8 }, TOUCH_BEGIN: { op: 0x08, length: 13 }, TOUCH_UPDATE: { op: 0x09, length: 13 },
  TOUCH_END: { op: 0x0a, length: 13 },
};
// timestamps: ms = ts1 * MaxUint32 (0xffffffff, not 2^32) + ts2
export const TS_SPLIT = 0xffffffff;

/** Validate a value against a schema. Returns a list of problems (empty = ok). */
export function check(schema, value, path = '$') {
  const errs = [];
  const typeOk = (t, v) => {
    switch (t) {
      case 'string': return typeof v === 'string';
      case 'bool': return typeof v === 'boolean';
      case 'int': return Number.isInteger(v);
      case 'null': return v === null;
      case 'any': return v !== undefined;
      case 'object': return v !== null && typeof v === 'object' && !Array.isArray(v);
      case 'array': return Array.isArray(v);
      default: return false;
    }
  };
  if (typeof schema === 'string') {
    if (!typeOk(schema, value)) errs.push(`${path}: expected ${schema}, got ${JSON.stringify(value)}`);
    return errs;
  }
  if (Array.isArray(schema)) {
    if (!schema.some((s) => check(s, value, path).length === 0)) errs.push(`${path}: expected one of ${JSON.stringify(schema)}, got ${JSON.stringify(value)}`);
    return errs;
  }
  if (schema.$array) {
    if (!Array.isArray(value)) return [`${path}: expected array`];
    value.forEach((v, i) => errs.push(...check(schema.$array, v, `${path}[${i}]`)));
    return errs;
  }
  if (schema.$map) {
    if (!typeOk('object', value)) return [`${path}: expected object map`];
    for (const [k, v] of Object.entries(value)) errs.push(...check(schema.$map, v, `${path}.${k}`));
    return errs;
  }
  if (!typeOk('object', value)) return [`${path}: expected object, got ${JSON.stringify(value)}`];
  const keys = new Set(Object.keys(value));
  for (const [rawKey, sub] of Object.entries(schema)) {
    const optional = rawKey.endsWith('?');
    const key = optional ? rawKey.slice(0, -1) : rawKey;
    if (!keys.has(key)) { if (!optional) errs.push(`${path}.${key}: missing`); continue; }
    keys.delete(key);
    errs.push(...check(sub, value[key], `${path}.${key}`));
  }
  for (const k of keys) errs.push(`${path}.${k}: unexpected key (not in neko's Go type)`);
  return errs;
}
