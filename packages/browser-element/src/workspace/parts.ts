// The inner elements' parts, re-exported by <oc-workspace> as `chat-*` and `browser-*`: exactly the parts
// the elements document (custom-elements.json), plus the hand-off card's, which they export as `handoff-*`.
// scripts/test/parts.test.mjs checks both directions.
const HANDOFF_PARTS = ['handoff-card', 'handoff-title', 'handoff-reason', 'handoff-take-control', 'handoff-note', 'handoff-done', 'handoff-failed'];

export const CHAT_PARTS = [
  'header', 'sessions-toggle', 'session-heading', 'back-to-parent', 'usage', 'problem', 'retry', 'connecting', 'body', 'main',
  'footer', 'sessions', 'sessions-title', 'new-session', 'sessions-empty', 'session-list', 'session-item', 'session-button',
  'session-title', 'session-meta', 'session-status', 'rename', 'rename-form', 'rename-input', 'delete', 'confirm-delete',
  'confirm-delete-button', 'transcript', 'transcript-content', 'load-earlier', 'empty', 'turn', 'message', 'user-message',
  'assistant-message', 'bubble', 'message-actions', 'copy-message', 'copy-response', 'revert', 'fork', 'reverted', 'restore',
  'text', 'markdown', 'code-block', 'copy-code', 'reasoning', 'attachment', 'attachment-image', 'compaction', 'interrupted',
  'error-card', 'copy-error', 'retry-banner', 'turn-status', 'tool', 'tool-bash', 'tool-edit', 'tool-explore', 'tool-task',
  'tool-web', 'tool-question', 'tool-generic', 'tool-header', 'tool-name', 'tool-subject', 'tool-status', 'tool-details',
  'tool-input', 'tool-command', 'tool-exit', 'tool-error', 'open-subagent', 'diff', 'explore-group', 'permission',
  'permission-title', 'permission-detail', 'permission-patterns', 'permission-always', 'permission-message', 'permission-actions',
  'allow-once', 'allow-always', 'reject', 'question', 'question-item', 'question-text', 'question-option', 'question-own',
  'question-actions', 'answer', 'dismiss', 'handoff', 'arbitration-event', 'todos', 'todo', 'jump-to-latest', 'readonly-note',
  'composer', 'input', 'composer-error', 'composer-toolbar', 'model-picker', 'agent-picker', 'popover', 'drop-hint', 'attachments', 'remove-attachment',
  'attach', 'send', 'stop', 'button', ...HANDOFF_PARTS,
];

export const BROWSER_PARTS = [
  'base', 'toolbar', 'status', 'connection', 'take-control', 'release-control', 'hand-back', 'privacy', 'unmute', 'scale', 'resolution',
  'paste', 'fullscreen', 'stats-toggle', 'screen', 'stage', 'video', 'frozen-frame', 'cursor', 'keyboard', 'overlay', 'requests', 'notice',
  'give-control', 'dismiss-request', 'stats', 'agent-action', 'waiting', 'approve', 'deny', 'handoff', ...HANDOFF_PARTS,
];

export const exportParts = (prefix: string, parts: readonly string[]) => parts.map((p) => `${p}:${prefix}-${p}`).join(', ');
