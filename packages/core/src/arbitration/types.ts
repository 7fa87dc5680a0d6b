// Shapes of the arbitration layer: who drives the shared browser, and why it changed.

/**
 * - `idle`: nobody drives (no human hosts neko, the agent is not on a browser task).
 * - `agent`: the agent holds the lease: no human hosts and its current turn uses the browser.
 * - `human`: a human hosts neko and the agent is not on a browser task.
 * - `paused`: a human hosts while the agent is on a browser task: its browser calls wait.
 * - `handoff`: the agent asked for a human (a pending hand-off question); it waits for the answer.
 */
export type ArbiterMode = 'idle' | 'agent' | 'human' | 'paused' | 'handoff';
export type LeaseHolder = 'agent' | 'human' | 'nobody';

/**
 * - `human-first` (default): a human's Take control wins at the next safe point (once the agent's
 *   in-flight browser call ends); the agent's later calls wait.
 * - `agent-first`: a take waits until the agent has no browser call in flight or queued; a human
 *   who gets hosted meanwhile by other means is released again.
 * - `ask`: nothing is auto-approved; every agent browser call waits for `approve()`/`deny()`.
 */
export type Policy = 'human-first' | 'agent-first' | 'ask';

/** What happens to the agent's browser calls while a human drives: wait, or fail with a message. */
export type WhileHumanDrives = 'hold' | 'reject';

export interface BrowserCall {
  sessionID: string;
  messageID: string;
  callID: string;
  tool: string;
  /** The part's input; `{}` while the part is still `pending`. */
  input: Record<string, unknown>;
  status: 'pending' | 'running';
  readOnly: boolean;
  /** The pending permission request of this call, if opencode is waiting for a reply. */
  requestID?: string;
}

export interface HandoffInfo {
  requestID: string;
  sessionID: string;
  reason: string;
}

export interface ArbiterState {
  mode: ArbiterMode;
  driver: LeaseHolder;
  /** neko session id of the human who hosts. */
  humanId?: string;
  humanName?: string;
  /** True when the hosting human is this arbiter's own neko member. */
  you: boolean;
  /**
   * True when this arbiter's human may send input now: they host, and no acting agent call is in
   * flight (a safe point), and the host change has settled. Elements gate neko input on this.
   */
  inputAllowed: boolean;
  handoff?: HandoffInfo;
  /** What the agent is doing (or waits to do) in the browser: "Clicking 'Sign in'". */
  agentAction?: string;
  /** Agent browser calls waiting for a reply (held while a human drives, or for a yes in `ask`). */
  waiting: { requestID: string; sessionID: string; action: string }[];
  /** takeControl() was called and the take waits for a safe point. */
  takePending: boolean;
  policy: Policy;
  privacy: boolean;
}

export type Actor = 'human' | 'agent' | 'system';

/** One entry of the attributed timeline. */
export interface TransitionEvent {
  from: ArbiterMode;
  to: ArbiterMode;
  by: Actor;
  reason: string;
  /** epoch ms */
  at: number;
}
