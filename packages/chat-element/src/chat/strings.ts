import type { HandoffStrings } from '../handoff/handoff-view.js';

/**
 * Every user-visible string of `<oc-chat>`. Override any subset through the `strings` property,
 * e.g. `chat.strings = { send: 'Envoyer', message: 'Message' }`. Functions receive the values to
 * interpolate, so translations can reorder them. The hand-off card's (`handoffTitle`, …) are named as in
 * `<oc-cobrowser>`'s strings (`HandoffStrings`).
 */
export interface OcChatStrings extends HandoffStrings {
  // Connection
  connecting: string;
  reconnecting: string;
  retryNow: string;
  // Sessions
  sessions: string;
  newSession: string;
  untitled: string;
  rename: string;
  renameLabel: string;
  save: string;
  cancel: string;
  delete: string;
  confirmDelete: (title: string) => string;
  busy: string;
  idle: string;
  noSessions: string;
  backToParent: string;
  subagentReadOnly: string;
  updated: (when: string) => string;
  // Transcript
  transcript: string;
  you: string;
  assistant: string;
  reasoning: string;
  jumpToLatest: string;
  loadEarlier: string;
  loadingEarlier: string;
  empty: string;
  loadingMessages: string;
  statusThinking: string;
  statusExploring: string;
  statusEditing: string;
  statusRunning: string;
  statusSearching: string;
  statusDelegating: string;
  statusWriting: string;
  retrying: (seconds: number, attempt: number, message: string) => string;
  /** The same, without the ticking countdown, for screen readers (announced once per attempt). */
  retryingAnnounce: (attempt: number, message: string) => string;
  interrupted: string;
  compacted: string;
  exitCode: (code: number) => string;
  errorTitle: string;
  copy: string;
  copied: string;
  copyCode: string;
  revert: string;
  restore: string;
  revertedNotice: (count: number) => string;
  fork: string;
  // Tools
  toolPending: string;
  toolRunning: string;
  toolCompleted: string;
  toolError: string;
  shell: string;
  explored: (reads: number, searches: number, lists: number) => string;
  called: (tool: string) => string;
  agentTask: (agent: string) => string;
  openSubagent: string;
  output: string;
  outputTruncated: (hidden: number) => string;
  input: string;
  // Permissions
  permissionTitle: (permission: string) => string;
  allowOnce: string;
  allowAlways: string;
  alwaysCovers: string;
  reject: string;
  rejectMessage: string;
  // Questions
  questionTitle: string;
  typeOwnAnswer: string;
  submitAnswer: string;
  dismiss: string;
  // Arbitration notes in the transcript (who drives the shared browser)
  /** `name` is the human's display name; `you` is true when it is this page's user. */
  arbitrationTookControl: (name: string | undefined, you: boolean) => string;
  arbitrationHandedBack: (name: string | undefined, you: boolean) => string;
  arbitrationAgentDriving: string;
  arbitrationAgentFinished: string;
  arbitrationAgentWaiting: (name: string | undefined, you: boolean) => string;
  arbitrationHandoffRequested: string;
  /** `answer` is the hand-off question's answer ("Done", "Couldn't"), once known. */
  arbitrationHandoffFinished: (answer: string | undefined) => string;
  // Todos
  todos: string;
  // Usage
  tokens: (input: number, output: number) => string;
  cost: (dollars: string) => string;
  // Composer
  message: string;
  placeholder: string;
  placeholderReadOnly: string;
  send: string;
  stop: string;
  attach: string;
  removeAttachment: (name: string) => string;
  model: string;
  agent: string;
  defaultModel: string;
  commands: string;
  files: string;
  unsupportedAttachment: (name: string, type: string) => string;
  attachmentTooLarge: (name: string, limitMB: number) => string;
  dropFiles: string;
}

/** The strings only the shared-browser view uses (hand-off card, arbitration notes). */
export type ArbitrationStringKey =
  | keyof HandoffStrings
  | 'arbitrationTookControl'
  | 'arbitrationHandedBack'
  | 'arbitrationAgentDriving'
  | 'arbitrationAgentFinished'
  | 'arbitrationAgentWaiting'
  | 'arbitrationHandoffRequested'
  | 'arbitrationHandoffFinished';

/**
 * The strings the chat itself holds: every string, those of the shared-browser view only where
 * `strings` overrides them (their English defaults load with that view, see arbitration-strings.ts).
 */
export type ChatStrings = Omit<OcChatStrings, ArbitrationStringKey> & Partial<Pick<OcChatStrings, ArbitrationStringKey>>;

/** English defaults of the chat's own strings (`defaultStrings` in the package index has them all). */
export const chatStrings: Omit<OcChatStrings, ArbitrationStringKey> = {
  connecting: 'Connecting to opencode…',
  reconnecting: 'Reconnecting to opencode…',
  retryNow: 'Retry now',
  sessions: 'Sessions',
  newSession: 'New session',
  untitled: 'Untitled session',
  rename: 'Rename',
  renameLabel: 'Session title',
  save: 'Save',
  cancel: 'Cancel',
  delete: 'Delete',
  confirmDelete: (title) => `Delete “${title}”? This cannot be undone.`,
  busy: 'Working',
  idle: 'Idle',
  noSessions: 'No sessions yet.',
  backToParent: 'Back to parent session',
  subagentReadOnly: 'Subagent sessions are read-only.',
  updated: (when) => `Updated ${when}`,
  transcript: 'Conversation',
  you: 'You',
  assistant: 'Assistant',
  reasoning: 'Reasoning',
  jumpToLatest: 'Jump to latest',
  loadEarlier: 'Load earlier messages',
  loadingEarlier: 'Loading earlier messages…',
  empty: 'Send a message to start.',
  loadingMessages: 'Loading messages…',
  statusThinking: 'Thinking',
  statusExploring: 'Exploring',
  statusEditing: 'Making edits',
  statusRunning: 'Running commands',
  statusSearching: 'Searching the web',
  statusDelegating: 'Delegating work',
  statusWriting: 'Writing',
  retrying: (seconds, attempt, message) => `${message} — retrying in ${seconds}s (attempt #${attempt})`,
  retryingAnnounce: (attempt, message) => `${message} — retrying (attempt #${attempt})`,
  interrupted: 'Interrupted',
  compacted: 'Session compacted',
  exitCode: (code) => `Exit code ${code}`,
  errorTitle: 'Error',
  copy: 'Copy',
  copied: 'Copied',
  copyCode: 'Copy code',
  revert: 'Revert to here',
  restore: 'Restore',
  revertedNotice: (count) => `${count} message${count === 1 ? '' : 's'} rolled back.`,
  fork: 'Fork from here',
  toolPending: 'Pending',
  toolRunning: 'Running',
  toolCompleted: 'Done',
  toolError: 'Failed',
  shell: 'Shell',
  explored: (reads, searches, lists) =>
    `Explored: ${[
      reads && `${reads} read${reads === 1 ? '' : 's'}`,
      searches && `${searches} search${searches === 1 ? '' : 'es'}`,
      lists && `${lists} list${lists === 1 ? '' : 's'}`,
    ]
      .filter(Boolean)
      .join(', ')}`,
  called: (tool) => `Called ${tool}`,
  agentTask: (agent) => `${agent} agent`,
  openSubagent: 'Open subagent session',
  output: 'Output',
  outputTruncated: (hidden) => `… ${hidden.toLocaleString()} earlier characters not shown`,
  input: 'Input',
  permissionTitle: (permission) => `Permission needed: ${permission}`,
  allowOnce: 'Allow once',
  allowAlways: 'Allow always',
  alwaysCovers: '“Allow always” also allows, in every session of this project:',
  reject: 'Reject',
  rejectMessage: 'Message to the agent (optional)',
  questionTitle: 'Question',
  typeOwnAnswer: 'Type your own answer',
  submitAnswer: 'Answer',
  dismiss: 'Dismiss',
  todos: 'Todos',
  tokens: (input, output) => `${input.toLocaleString()} in · ${output.toLocaleString()} out`,
  cost: (dollars) => `$${dollars}`,
  message: 'Message',
  placeholder: 'Ask the agent… (/ for commands, @ for files)',
  placeholderReadOnly: 'Subagent sessions cannot be prompted.',
  send: 'Send',
  stop: 'Stop',
  attach: 'Attach files',
  removeAttachment: (name) => `Remove ${name}`,
  model: 'Model',
  agent: 'Agent',
  defaultModel: 'Default model',
  commands: 'Commands',
  files: 'Files',
  unsupportedAttachment: (name, type) => `${name} (${type || 'unknown type'}) cannot be sent to this model.`,
  attachmentTooLarge: (name, limitMB) => `${name} is larger than ${limitMB} MB.`,
  dropFiles: 'Drop files to attach',
};
