import type { PromptPart } from '@oc-elements/core';

/**
 * Detail of `oc-message-send`, fired before a prompt goes to the server. Cancelable: call
 * `preventDefault()` to keep it from being sent (the composer keeps its text).
 */
export interface OcMessageSendDetail {
  sessionID: string;
  text: string;
  parts: PromptPart[];
  agent?: string;
  model?: { providerID: string; modelID: string };
  /** Set when the text is a slash command (`/name args`). */
  command?: { name: string; arguments: string };
}
export type OcMessageSendEvent = CustomEvent<OcMessageSendDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'oc-message-send': OcMessageSendEvent;
  }
}
