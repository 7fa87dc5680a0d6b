// createArbiter: wires the pure machine (machine.ts) to a live opencode connection and neko client.
// It never keeps state of its own that the servers do not also hold (only the local human's
// settings and "I want to drive"), so a reload or a second page derives the same state.
import type { ReadableStore } from '../opencode/store.js';
import type { State } from '../opencode/state.js';
import type { PermissionReply } from '../opencode/client.js';
import { handoffAnswers, type HandoffResult } from './handoff.js';
import { attribute, decide, deriveState, mayGoWhileHumanHolds, observe, type Action, type Local, type NekoView } from './machine.js';
import { Timeline } from './timeline.js';
import { notify } from '../report.js';
import type { ArbiterState, Policy, WhileHumanDrives } from './types.js';

/** What the arbiter needs of an OpencodeConnection (so tests can pass a fake). */
export interface ArbiterConnection {
  readonly store: ReadableStore<State>;
  readonly client: {
    replyPermission(requestID: string, reply: PermissionReply, message?: string): Promise<unknown>;
    answerQuestion(requestID: string, answers: string[][]): Promise<unknown>;
    dismissQuestion(requestID: string): Promise<unknown>;
  };
  /** Loads a session's messages (so its running tool parts are known after a reload). */
  watchSession?(sessionID: string): () => void;
  readonly state?: { status: string };
  onState?(listener: (state: { status: string }) => void): () => void;
}

/** What the arbiter needs of a NekoClient. */
export interface ArbiterNeko {
  readonly state: NekoView & {
    connection?: { status: string };
    control: NekoView['control'] & { request?: { status: string } };
  };
  subscribe(listener: (state: ArbiterNeko['state']) => void): () => void;
  requestControl(): void;
  releaseControl(): void;
  releaseAllInput(): void;
}

export interface ArbiterOptions {
  connection: ArbiterConnection;
  /** This page's human. Without it the arbiter only observes (it cannot see who drives). */
  neko?: ArbiterNeko;
  policy?: Policy;
  privacy?: boolean;
  whileHumanDrives?: WhileHumanDrives;
  /** Only arbitrate these sessions (default: every session on the server). */
  sessionIDs?: readonly string[];
  /** Tool prefix of the browser MCP server (default `playwright_`). */
  prefix?: string;
  /**
   * After neko's host changes, the new host may send input only after this long (ms): enough for
   * a permission reply another page sent just before to show up, so both never act at once.
   */
  settleMs?: number;
  now?: () => number;
}

export interface Arbiter extends ReadableStore<ArbiterState> {
  readonly timeline: Timeline;
  /** The human wants to drive; the take happens at the next safe point (see Policy). */
  takeControl(): void;
  /** Releases held keys/buttons, then neko control; the agent's held calls proceed. */
  handBack(): void;
  setPolicy(policy: Policy): void;
  setPrivacy(on: boolean): void;
  setWhileHumanDrives(mode: WhileHumanDrives): void;
  /** Answers the pending hand-off question (Done / Couldn't + note) and hands the browser back. */
  completeHandoff(result: HandoffResult, note?: string): Promise<void>;
  /** `ask` policy (or a held call): the human allows one waiting browser call (default: the oldest). */
  approve(requestID?: string): Promise<void>;
  /** The human refuses a waiting browser call; with a message the agent continues with it. */
  deny(requestID?: string, message?: string): Promise<void>;
  dispose(): void;
}

const READY_NEKO = new Set(['negotiating', 'streaming']);

export function createArbiter(options: ArbiterOptions): Arbiter {
  const { connection, neko } = options;
  const now = options.now ?? Date.now;
  const settleMs = options.settleMs ?? 250;
  const timeline = new Timeline();
  const listeners = new Set<(state: ArbiterState) => void>();
  const local: Omit<Local, 'hostSettled'> = {
    policy: options.policy ?? 'human-first',
    privacy: options.privacy ?? false,
    whileHumanDrives: options.whileHumanDrives ?? 'hold',
    takeWanted: false,
  };
  // Replies sent and not yet reflected by the store: never send twice.
  const answered = new Set<string>();
  const watched = new Map<string, () => void>();
  let hostKey: string | null | undefined;
  let hostSince = 0;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let requestedFor: string | undefined;
  let disposed = false;

  const ready = () => {
    const oc = connection.state?.status ?? 'connected';
    const nk = neko ? (neko.state.connection?.status ?? 'streaming') : 'streaming';
    return oc === 'connected' && READY_NEKO.has(nk) && (!neko || neko.state.sessionId !== null);
  };

  const read = () => {
    const obs = observe(connection.store.getState(), neko?.state, { prefix: options.prefix, sessionIDs: options.sessionIDs });
    if (obs.hostId !== hostKey) {
      hostKey = obs.hostId;
      // A request sent under the previous host may have lost a race: allow one more under this one.
      requestedFor = undefined;
      hostSince = now();
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => update(), settleMs + 5);
    }
    return { obs, local: { ...local, hostSettled: now() - hostSince >= settleMs } };
  };

  let state: ArbiterState = deriveState(read().obs, { ...local, hostSettled: false });
  // A page that opens (or reloads) mid-task starts from what the servers say, attributed to the system.
  if (state.mode !== 'idle') timeline.add({ from: 'idle', to: state.mode, by: 'system', reason: 'Restored from the servers', at: now() });

  function update(): void {
    if (disposed) return;
    const { obs, local: full } = read();
    const next = deriveState(obs, full);
    const isReady = ready();
    if (JSON.stringify(next) !== JSON.stringify(state)) {
      const prev = state;
      state = next;
      if (prev.mode !== next.mode || prev.driver !== next.driver || prev.humanId !== next.humanId) {
        const cause = isReady ? attribute(prev, next) : { by: 'system' as const, reason: 'Restored from the servers' };
        timeline.add({ from: prev.mode, to: next.mode, ...cause, at: now() });
      }
    }
    // Acting on a half-loaded picture could approve the agent while a human hosts: wait until both are synced.
    if (isReady) {
      watchActive();
      for (const action of decide(obs, full)) run(action);
      for (const id of answered) if (!stillPending(id)) answered.delete(id);
    }
    // Views hear last, each on its own: one that throws must not stop the arbiter or the other views.
    if (state === next) notify(listeners, next);
  }

  function stillPending(requestID: string): boolean {
    const s = connection.store.getState();
    for (const list of Object.values(s.permissions)) if (list.some((r) => r.id === requestID)) return true;
    return false;
  }

  /**
   * Keeps the messages of busy sessions and sessions with browser requests loaded (reload-safe), and lets go
   * of the ones that went quiet, so a long-lived page does not resync every session that was ever busy.
   */
  function watchActive(): void {
    if (!connection.watchSession || options.sessionIDs) return;
    const s = connection.store.getState();
    const active = new Set([...Object.keys(s.status), ...Object.keys(s.permissions), ...Object.keys(s.questions)]);
    for (const sid of active) if (!watched.has(sid)) watched.set(sid, connection.watchSession(sid));
    for (const [sid, stop] of watched) {
      if (active.has(sid)) continue;
      stop();
      watched.delete(sid);
    }
  }

  function reply(requestID: string, reply: PermissionReply, message?: string): Promise<void> {
    if (answered.has(requestID)) return Promise.resolve();
    answered.add(requestID);
    // Another page may have answered first: opencode then says "not found", which is fine.
    return connection.client.replyPermission(requestID, reply, message).then(
      () => {},
      () => {},
    );
  }

  function run(action: Action): void {
    switch (action.type) {
      case 'approve':
        // Last look at neko right before replying: its host broadcast is the freshest fact we have.
        if (neko && neko.state.control.hostId !== null && !action.readOnly) return;
        void reply(action.requestID, 'once');
        return;
      case 'reject':
        void reply(action.requestID, 'reject', action.message);
        return;
      case 'request-control': {
        const key = neko?.state.control.hostId ?? 'none';
        if (!neko || requestedFor === key) return;
        requestedFor = key;
        neko.requestControl();
        return;
      }
      case 'release-control':
        neko?.releaseControl();
        return;
    }
  }

  const firstWaiting = (requestID?: string) => requestID ?? state.waiting[0]?.requestID;

  function handBack(): void {
    local.takeWanted = false;
    requestedFor = undefined;
    // releaseControl lifts every held key and button first (a safe point), then releases.
    if (neko?.state.control.isHost) neko.releaseControl();
    else neko?.releaseAllInput();
    update();
  }

  const offStore = connection.store.subscribe(() => update());
  const offNeko = neko?.subscribe(() => update());
  const offConn = connection.onState?.(() => update());
  update();

  return {
    timeline,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    takeControl() {
      local.takeWanted = true;
      requestedFor = undefined;
      update();
    },
    handBack,
    setPolicy(policy) {
      local.policy = policy;
      update();
    },
    setPrivacy(on) {
      local.privacy = on;
      update();
    },
    setWhileHumanDrives(mode) {
      local.whileHumanDrives = mode;
      update();
    },
    async completeHandoff(result, note) {
      const handoff = state.handoff;
      if (!handoff) throw new Error('No hand-off is pending.');
      handBack();
      await connection.client.answerQuestion(handoff.requestID, handoffAnswers(result, note));
    },
    async approve(requestID) {
      const id = firstWaiting(requestID);
      if (!id) return;
      // The rule of the automatic approvals holds for the human's Allow too.
      const readOnly = read().obs.calls.some((c) => c.requestID === id && c.readOnly);
      if (state.driver === 'human' && !mayGoWhileHumanHolds(readOnly, local)) {
        throw new Error('A human is driving the shared browser: hand it back before letting the agent act.');
      }
      await reply(id, 'once');
    },
    async deny(requestID, message) {
      const id = firstWaiting(requestID);
      if (id) await reply(id, 'reject', message);
    },
    dispose() {
      disposed = true;
      clearTimeout(settleTimer);
      offStore();
      offNeko?.();
      offConn?.();
      for (const stop of watched.values()) stop();
      watched.clear();
      listeners.clear();
    },
  };
}
