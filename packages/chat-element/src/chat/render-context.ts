import type { PermissionRequest, QuestionRequest } from '@opencode-ai/sdk/v2/types';
import type { PermissionReply } from '@oc-elements/core';
import type { ChatArbitration } from './arbitration.js';
import type { MarkdownCache } from './markdown.js';
import type { ChatStrings } from './strings.js';

/** Everything the render functions need from the element: strings, caches and user intents. */
export interface RenderContext {
  strings: ChatStrings;
  /** Undefined until the markdown chunk has loaded; text renders plain meanwhile. */
  markdown: MarkdownCache | undefined;
  now: number;
  readOnly: boolean;
  /** Pending requests of the open session, by the tool call they block. */
  permissionFor(callID: string): PermissionRequest | undefined;
  questionFor(callID: string): QuestionRequest | undefined;
  /** Pending requests of a subagent session, shown on the task card that started it. */
  childRequests(sessionID: string): { permissions: readonly PermissionRequest[]; questions: readonly QuestionRequest[] } | undefined;
  replyPermission(request: PermissionRequest, reply: PermissionReply, message?: string): void;
  answerQuestion(request: QuestionRequest, answers: string[][]): void;
  dismissQuestion(request: QuestionRequest): void;
  openSession(sessionID: string): void;
  copy(text: string): void;
  revert(messageID: string): void;
  fork(messageID: string): void;
  /** What the user typed for a slash command (the server stores only the expanded template). */
  commandLabel(messageID: string): string | undefined;
  /**
   * When the chat has a control arbiter: hand-off questions then render as a hand-off card (Take control,
   * then Done / Couldn't) instead of the generic question prompt. `'loading'` for the few ms while the
   * arbitration chunk loads.
   */
  arbitration?: ChatArbitration | 'loading' | undefined;
  /** Reasoning/tool details the user opened (kept across re-renders). */
  isOpen(key: string): boolean;
  toggle(key: string, open: boolean): void;
}
