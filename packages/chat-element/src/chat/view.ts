import type {
  AssistantMessage,
  Part,
  PermissionRequest,
  QuestionRequest,
  Session,
  SessionStatus,
  Todo,
  UserMessage,
} from '@opencode-ai/sdk/v2/types';

/**
 * What the chat renders, derived from core's store by `deriveView` (view-model.ts). Render code
 * depends only on these shapes, so a change in core's state layout is one adapter change.
 */
export interface SessionRow {
  session: Session;
  status: SessionStatus;
}

export interface UserEntry {
  readonly info: UserMessage;
  readonly parts: readonly Part[];
}
export interface AssistantEntry {
  readonly info: AssistantMessage;
  readonly parts: readonly Part[];
}

/**
 * One user message and every assistant message answering it (one per tool step): core's `Turn`, typed
 * by role. `user` is undefined only while the loaded page of messages starts in the middle of the turn.
 */
export interface TurnView {
  /** The user message's id (its assistants' parentID when it is not loaded). */
  readonly id: string;
  readonly user: UserEntry | undefined;
  readonly assistants: readonly AssistantEntry[];
}

export interface ChatView {
  sessions: SessionRow[];
  session: Session | undefined;
  status: SessionStatus;
  turns: readonly TurnView[];
  /** Turns hidden by a revert (from `session.revert.messageID` on). */
  revertedCount: number;
  /** False until the open session's messages arrived (an empty list counts as loaded). */
  loaded: boolean;
  permissions: PermissionRequest[];
  questions: QuestionRequest[];
  /**
   * Pending requests of the open session's subagent sessions, by child session id. The parent
   * waits on them, so they are answered from the parent's task card.
   */
  childRequests: ReadonlyMap<string, { permissions: readonly PermissionRequest[]; questions: readonly QuestionRequest[] }>;
  todos: Todo[];
  usage: { input: number; output: number; reasoning: number; cost: number };
}

export const IDLE: SessionStatus = { type: 'idle' };
