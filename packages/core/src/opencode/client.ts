import type {
  Agent,
  Command,
  FilePartInput,
  Message,
  Part,
  PermissionRequest,
  QuestionRequest,
  Session,
  SessionStatus,
  TextPartInput,
  Todo,
  FileDiff,
  Provider,
} from '@opencode-ai/sdk/v2/types';
import type { OpencodeHttp } from './http.js';
import { ascendingId } from './ids.js';
import type { MessageInput } from './reducer.js';

export type PromptPart = Omit<TextPartInput, 'id'> | Omit<FilePartInput, 'id'>;
export type PermissionReply = 'once' | 'always' | 'reject';
export interface ModelRef {
  providerID: string;
  modelID: string;
}
export interface ProvidersInfo {
  providers: Provider[];
  default: Record<string, string>;
}
export interface HealthInfo {
  healthy: boolean;
  version: string;
}
export interface PromptOptions {
  agent?: string;
  model?: ModelRef;
  variant?: string;
  /** Client-made message id; generated when absent, so the message can be shown at once. */
  messageID?: string;
}
export interface MessagePage {
  messages: MessageInput[];
  /** Cursor for the next (older) page, absent when this was the oldest. */
  before?: string;
}

/** Receives the optimistic user message before the server echoes it. */
export type OptimisticSink = (message: MessageInput) => void;

/**
 * Every REST action a chat needs, on opencode's classic routes (the ones its own web UI uses).
 * Results also arrive through the event stream; return values are for callers that want them.
 */
export class OpencodeClient {
  readonly http: OpencodeHttp;
  #optimistic: OptimisticSink | undefined;

  constructor(http: OpencodeHttp, optimistic?: OptimisticSink) {
    this.http = http;
    this.#optimistic = optimistic;
  }

  health(signal?: AbortSignal): Promise<HealthInfo> {
    return this.http.request('GET', '/global/health', { signal, global: true });
  }

  path(): Promise<{ directory: string; worktree: string }> {
    return this.http.request('GET', '/path');
  }

  // Sessions
  listSessions(query: { search?: string; limit?: number; roots?: boolean } = {}): Promise<Session[]> {
    return this.http.request('GET', '/session', { query });
  }
  getSession(id: string): Promise<Session> {
    return this.http.request('GET', `/session/${enc(id)}`);
  }
  createSession(body: { title?: string; parentID?: string; agent?: string } = {}): Promise<Session> {
    return this.http.request('POST', '/session', { body });
  }
  renameSession(id: string, title: string): Promise<Session> {
    return this.http.request('PATCH', `/session/${enc(id)}`, { body: { title } });
  }
  deleteSession(id: string): Promise<boolean> {
    return this.http.request('DELETE', `/session/${enc(id)}`);
  }
  children(id: string): Promise<Session[]> {
    return this.http.request('GET', `/session/${enc(id)}/children`);
  }
  sessionStatus(): Promise<Record<string, SessionStatus>> {
    return this.http.request('GET', '/session/status');
  }
  todos(id: string): Promise<Todo[]> {
    return this.http.request('GET', `/session/${enc(id)}/todo`);
  }
  diff(id: string, messageID?: string): Promise<FileDiff[]> {
    return this.http.request('GET', `/session/${enc(id)}/diff`, { query: { messageID } });
  }

  /** The newest `limit` messages (oldest first), or the page before `before`. */
  async messages(id: string, options: { limit?: number; before?: string } = {}): Promise<MessagePage> {
    const response = await this.http.send('GET', `/session/${enc(id)}/message`, { query: options }, 'application/json');
    const messages = (await response.json()) as MessageInput[];
    const before = response.headers.get('x-next-cursor') ?? undefined;
    return { messages, before: before || undefined };
  }

  // Prompting
  /**
   * Sends a prompt with `prompt_async` (the blocking route would hold the request open for the
   * whole agent loop, including pending permissions). Returns the client-made message id.
   */
  async prompt(sessionID: string, parts: PromptPart[], options: PromptOptions = {}): Promise<string> {
    const messageID = options.messageID ?? ascendingId('msg');
    const withIds = parts.map((part) => ({ ...part, id: ascendingId('prt') }));
    this.#optimistic?.(optimisticMessage(sessionID, messageID, withIds, options));
    await this.http.request('POST', `/session/${enc(sessionID)}/prompt_async`, {
      body: { messageID, parts: withIds, agent: options.agent, model: options.model, variant: options.variant },
    });
    return messageID;
  }
  abort(sessionID: string): Promise<boolean> {
    return this.http.request('POST', `/session/${enc(sessionID)}/abort`);
  }
  /** Runs a slash command; resolves when the command's reply is done (the route is blocking). */
  command(sessionID: string, command: string, args = '', options: PromptOptions = {}): Promise<MessageInput> {
    const model = options.model ? `${options.model.providerID}/${options.model.modelID}` : undefined;
    return this.http.request('POST', `/session/${enc(sessionID)}/command`, {
      timeoutMs: 0,
      body: { command, arguments: args, agent: options.agent, model, messageID: options.messageID },
    });
  }
  revert(sessionID: string, messageID: string, partID?: string): Promise<Session> {
    return this.http.request('POST', `/session/${enc(sessionID)}/revert`, { body: { messageID, partID } });
  }
  unrevert(sessionID: string): Promise<Session> {
    return this.http.request('POST', `/session/${enc(sessionID)}/unrevert`);
  }
  fork(sessionID: string, messageID?: string): Promise<Session> {
    return this.http.request('POST', `/session/${enc(sessionID)}/fork`, { body: messageID ? { messageID } : {} });
  }

  // Permissions and questions
  permissions(): Promise<PermissionRequest[]> {
    return this.http.request('GET', '/permission');
  }
  replyPermission(requestID: string, reply: PermissionReply, message?: string): Promise<boolean> {
    return this.http.request('POST', `/permission/${enc(requestID)}/reply`, { body: { reply, message } });
  }
  questions(): Promise<QuestionRequest[]> {
    return this.http.request('GET', '/question');
  }
  /** One array of chosen labels (or typed answers) per question. */
  answerQuestion(requestID: string, answers: string[][]): Promise<boolean> {
    return this.http.request('POST', `/question/${enc(requestID)}/reply`, { body: { answers } });
  }
  dismissQuestion(requestID: string): Promise<boolean> {
    return this.http.request('POST', `/question/${enc(requestID)}/reject`);
  }

  // Catalogues
  agents(): Promise<Agent[]> {
    return this.http.request('GET', '/agent');
  }
  /** The small model list (`/config/providers`, ~7 KB), never the 6 MB `/provider`. */
  providers(): Promise<ProvidersInfo> {
    return this.http.request('GET', '/config/providers');
  }
  commands(): Promise<Command[]> {
    return this.http.request('GET', '/command');
  }
  /** File paths matching `query`, for `@` mentions. */
  findFiles(query: string, limit = 20): Promise<string[]> {
    return this.http.request('GET', '/find/file', { query: { query, limit } });
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

function optimisticMessage(
  sessionID: string,
  messageID: string,
  parts: (PromptPart & { id: string })[],
  options: PromptOptions,
): MessageInput {
  const info = {
    id: messageID,
    sessionID,
    role: 'user',
    time: { created: Date.now() },
    agent: options.agent ?? '',
    model: options.model ?? { providerID: '', modelID: '' },
  } as unknown as Message;
  const full = parts.map((part) => ({ ...part, sessionID, messageID })) as unknown as Part[];
  return { info, parts: full };
}
