// Synthetic opencode + neko states for the arbitration unit tests, built with the real reducer.
import { apply, type OcAction } from '../src/opencode/reducer.js';
import { emptyState, type State } from '../src/opencode/state.js';
import { createStore, type Store } from '../src/opencode/store.js';
import type { NekoView } from '../src/arbitration/index.js';
import { handoffQuestion } from '../src/arbitration/index.js';

export const SID = 'ses_a';
const ev = (type: string, properties: unknown) => ({ type, properties }) as unknown as OcAction;

/** Events: a busy session with one user turn and an assistant message, ready for tool parts. */
export const busyTurn = (sid = SID): OcAction[] => [
  ev('session.status', { sessionID: sid, status: { type: 'busy' } }),
  ev('message.updated', { sessionID: sid, info: { id: 'msg_1', sessionID: sid, role: 'user', time: { created: 1 } } }),
  ev('message.updated', { sessionID: sid, info: { id: 'msg_2', sessionID: sid, role: 'assistant', parentID: 'msg_1', time: { created: 2 } } }),
];

export const toolPart = (callID: string, tool: string, status: string, input: object = {}, sid = SID): OcAction[] => [
  ev('message.part.updated', { sessionID: sid, part: { id: `prt_${callID}`, sessionID: sid, messageID: 'msg_2', type: 'tool', callID, tool, state: { status, input } }, time: 1 }),
];

export const asked = (id: string, callID: string, tool: string, sid = SID): OcAction[] => [
  ev('permission.asked', { id, sessionID: sid, permission: tool, patterns: ['*'], metadata: {}, always: ['*'], tool: { messageID: 'msg_2', callID } }),
];

export const replied = (id: string, sid = SID): OcAction[] => [ev('permission.replied', { sessionID: sid, requestID: id, reply: 'once' })];
export const idle = (sid = SID): OcAction[] => [ev('session.status', { sessionID: sid, status: { type: 'idle' } })];
export const handoffAsked = (id: string, reason: string, sid = SID): OcAction[] => [
  ev('question.asked', { id, sessionID: sid, ...handoffQuestion(reason), tool: { messageID: 'msg_2', callID: 'call_q' } }),
];

/** Applies event lists to a state. */
export const build = (...lists: OcAction[][]): State => lists.flat().reduce(apply, emptyState());

export function neko(hostId: string | null, me = 'alice-1'): NekoView & { connection: { status: string }; control: NekoView['control'] & { request: { status: string } } } {
  return {
    sessionId: me,
    connection: { status: 'negotiating' },
    control: { hostId, isHost: hostId === me, request: { status: 'idle' } },
    sessions: { 'alice-1': { profile: { name: 'Alice' } }, 'bob-2': { profile: { name: 'Bob' } } },
  };
}

/** A fake neko client whose host changes like the server's would (synchronously). */
export class FakeNeko {
  state;
  constructor(me = 'alice-1') {
    this.state = neko(null, me);
  }
  listeners = new Set<(s: FakeNeko['state']) => void>();
  calls: string[] = [];
  subscribe(fn: (s: FakeNeko['state']) => void) {
    this.listeners.add(fn);
    fn(this.state);
    return () => void this.listeners.delete(fn);
  }
  setHost(hostId: string | null) {
    this.state = { ...this.state, control: { ...this.state.control, hostId, isHost: hostId === this.state.sessionId } };
    for (const fn of this.listeners) fn(this.state);
  }
  requestControl() {
    this.calls.push('request');
    if (this.state.control.hostId === null) this.setHost(this.state.sessionId);
  }
  releaseControl() {
    this.calls.push('release');
    if (this.state.control.isHost) this.setHost(null);
  }
  releaseAllInput() {
    this.calls.push('release-input');
  }
}

/** A fake connection: a real store (flushed synchronously) and a client that records replies. */
export function fakeConnection(initial: State = emptyState()) {
  const store: Store = createStore(initial, { schedule: (flush) => (queueMicrotask(flush), () => {}) });
  const replies: { id: string; reply: string; message?: string }[] = [];
  const answers: { id: string; answers: string[][] }[] = [];
  /** Sessions the arbiter keeps loaded, by how many watches are open on each. */
  const watching = new Map<string, number>();
  return {
    store,
    replies,
    answers,
    watching,
    watchSession(sessionID: string) {
      watching.set(sessionID, (watching.get(sessionID) ?? 0) + 1);
      return () => {
        const left = (watching.get(sessionID) ?? 1) - 1;
        if (left > 0) watching.set(sessionID, left);
        else watching.delete(sessionID);
      };
    },
    client: {
      async replyPermission(id: string, reply: string, message?: string) {
        replies.push({ id, reply, message });
        store.dispatch(ev('permission.replied', { sessionID: SID, requestID: id, reply }));
        return true;
      },
      async answerQuestion(id: string, a: string[][]) {
        answers.push({ id, answers: a });
        store.dispatch(ev('question.replied', { sessionID: SID, requestID: id, answers: a }));
        return true;
      },
      async dismissQuestion() {
        return true;
      },
    },
    dispatch: (...lists: OcAction[][]) => lists.flat().forEach((e) => store.dispatch(e)),
  };
}

export const tick = () => new Promise((r) => setTimeout(r, 0));
