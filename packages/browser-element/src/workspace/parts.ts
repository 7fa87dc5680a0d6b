// The inner elements' parts, re-exported by <oc-workspace> as `chat-*` and `browser-*`. Every part the
// elements document (custom-elements.json) must be here: scripts/test/workspace-parts.test.mjs checks it.
// Besides those: parts that are tokens of another (user-message, input) and the hand-off card's own parts.
const HANDOFF_PARTS = ['handoff-card', 'handoff-title', 'handoff-reason', 'handoff-take-control', 'handoff-note', 'handoff-done', 'handoff-failed'];

export const CHAT_PARTS = [
  'header', 'problem', 'connecting', 'session-heading', 'usage', 'sessions', 'transcript', 'transcript-content', 'turn', 'message', 'user-message',
  'assistant-message', 'bubble', 'markdown', 'code-block', 'reasoning', 'diff', 'explore-group', 'tool', 'permission', 'question',
  'retry-banner', 'turn-status', 'error-card', 'todos', 'composer', 'input', 'button', 'arbitration-event', 'handoff', ...HANDOFF_PARTS,
];

export const BROWSER_PARTS = [
  'base', 'toolbar', 'status', 'connection', 'take-control', 'release-control', 'hand-back', 'privacy', 'unmute', 'scale', 'resolution',
  'paste', 'fullscreen', 'stats-toggle', 'screen', 'stage', 'video', 'frozen-frame', 'cursor', 'keyboard', 'overlay', 'requests', 'notice',
  'stats', 'agent-action', 'waiting', 'handoff', ...HANDOFF_PARTS,
];

export const exportParts = (prefix: string, parts: readonly string[]) => parts.map((p) => `${p}:${prefix}-${p}`).join(', ');
