import type { HandoffStrings } from '@oc-elements/chat/oc-handoff-card.js';

/**
 * Every user-visible string of `<oc-cobrowser>` (override any subset through `strings`). The hand-off
 * card's (`handoffTitle`, …) are named as in `<oc-chat>`'s; unset, the card's English defaults show.
 */
export interface OcCobrowserStrings extends Partial<HandoffStrings> {
  // connection (the overlay and the toolbar's status)
  notConnected: string;
  loggingIn: string;
  connecting: string;
  startingVideo: string;
  live: string;
  reconnecting: string;
  /** While reconnecting, with the seconds this page keeps control for. */
  reconnectingKeepsControl: (seconds: number) => string;
  disconnected: string;
  disconnectedBecause: (reason: string) => string;
  // who drives
  agentDriving: string;
  youDriving: string;
  takingControl: string;
  /** Another member drives; `name` is undefined when neko does not say who. */
  memberDriving: (name: string | undefined) => string;
  nobodyDriving: string;
  // toolbar
  toolbar: string;
  takeControl: string;
  releaseControl: string;
  handBack: string;
  hideFromAgent: string;
  paste: string;
  mute: string;
  unmute: string;
  scaling: string;
  fit: string;
  fill: string;
  resolution: string;
  fullscreen: string;
  stats: string;
  statsLabel: string;
  /** The screen's accessible name. */
  screen: string;
  // control requests
  askedFor: (name: string) => string;
  notHandedOver: (name: string | undefined) => string;
  asksForControl: (name: string) => string;
  giveControl: string;
  dismiss: string;
  // arbitration
  agent: string;
  agentWaits: string;
  waitingActions: string;
  waitsForHandBack: string;
  agentWantsTo: string;
  allow: string;
  deny: string;
  clipboardDenied: string;
}

export const defaultCobrowserStrings: OcCobrowserStrings = {
  notConnected: 'Not connected',
  loggingIn: 'Logging in…',
  connecting: 'Connecting…',
  startingVideo: 'Starting video…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  reconnectingKeepsControl: (seconds) => `Reconnecting… control is kept for ${seconds} s`,
  disconnected: 'Disconnected',
  disconnectedBecause: (reason) => `Disconnected: ${reason}`,
  agentDriving: 'Agent is driving',
  youDriving: 'You are driving',
  takingControl: 'Taking control…',
  memberDriving: (name) => `${name ?? 'Someone'} is driving`,
  nobodyDriving: 'Nobody is driving',
  toolbar: 'Remote browser controls',
  takeControl: 'Take control',
  releaseControl: 'Release control',
  handBack: 'Hand back to agent',
  hideFromAgent: 'Hide the browser from the agent',
  paste: 'Paste',
  mute: 'Mute',
  unmute: 'Unmute',
  scaling: 'Scaling',
  fit: 'Fit',
  fill: 'Fill',
  resolution: 'Resolution',
  fullscreen: 'Fullscreen',
  stats: 'Stats',
  statsLabel: 'Connection statistics',
  screen: 'Remote browser',
  askedFor: (name) => `Asked ${name} for control…`,
  notHandedOver: (name) => `${name ?? 'The driver'} has not handed over control.`,
  asksForControl: (name) => `${name} asks for control`,
  giveControl: 'Give control',
  dismiss: 'Dismiss',
  agent: 'Agent',
  agentWaits: 'Agent waits',
  waitingActions: 'Agent actions waiting',
  waitsForHandBack: 'Waits for the hand back:',
  agentWantsTo: 'The agent wants to:',
  allow: 'Allow',
  deny: 'Deny',
  clipboardDenied: 'The browser did not allow reading the clipboard. Use Ctrl+V on the screen instead.',
};
