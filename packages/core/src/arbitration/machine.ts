// The pure core of arbitration: read both servers' state into an Observation, derive the
// ArbiterState from it, decide what to do, and attribute transitions. No I/O here, so every rule
// is unit-tested with synthetic states; arbiter.ts only wires these to the live stores.
import type { PermissionRequest, ToolPart } from '@opencode-ai/sdk/v2/types';
import { memberName } from '../neko/control.js';
import { pendingPermissions, pendingQuestions, type Turn, turns } from '../opencode/selectors.js';
import type { State } from '../opencode/state.js';
import { describeBrowserAction } from './describe.js';
import { handoffReason, isHandoffQuestion } from './handoff.js';
import { DEFAULT_BROWSER_PREFIX, isBrowserTool, isReadOnlyBrowserCall } from './tools.js';
import type { ArbiterMode, ArbiterState, Actor, BrowserCall, HandoffInfo, Policy, WhileHumanDrives } from './types.js';

/** The part of neko's state arbitration reads (NekoState satisfies it). */
export interface NekoView {
  sessionId: string | null;
  control: { hostId: string | null; isHost: boolean };
  sessions: Record<string, { profile: { name: string } }>;
}

/** Facts read from the two servers (through their stores), nothing else. */
export interface Observation {
  /** Whether a neko client is attached; without one the human path is invisible. */
  nekoKnown: boolean;
  /** Tool prefix of the browser MCP server these calls came through (see ObserveOptions). */
  prefix: string;
  hostId: string | null;
  hostName?: string;
  /** This arbiter's neko member hosts. */
  youHost: boolean;
  /** Browser tool calls in flight (pending or running), oldest first. */
  calls: BrowserCall[];
  /** Pending browser permission requests whose part is not loaded (after a reload, unwatched sessions). */
  orphanRequests: PermissionRequest[];
  /** Sessions whose current (busy) turn used the browser: the agent's lease. */
  leaseSessions: string[];
  handoff?: HandoffInfo;
}

export interface ObserveOptions {
  prefix?: string;
  /** Only these sessions (default: all the store knows). */
  sessionIDs?: readonly string[];
}

const hasOwn = Object.prototype.hasOwnProperty;

function lastTurn(list: readonly Turn[]): Turn | undefined {
  return list[list.length - 1];
}

/** Reads opencode's store and neko's state into an Observation. */
export function observe(oc: State, neko: NekoView | undefined, options: ObserveOptions = {}): Observation {
  const prefix = options.prefix ?? DEFAULT_BROWSER_PREFIX;
  const sessionIDs = options.sessionIDs ?? [
    ...new Set([...Object.keys(oc.messages), ...Object.keys(oc.permissions), ...Object.keys(oc.questions), ...Object.keys(oc.status)]),
  ];
  const calls: BrowserCall[] = [];
  const orphanRequests: PermissionRequest[] = [];
  const leaseSessions: string[] = [];
  let handoff: HandoffInfo | undefined;

  for (const sid of sessionIDs) {
    const requests = pendingPermissions(oc, sid).filter((r) => isBrowserTool(r.permission, prefix));
    const matched = new Set<string>();
    const busy = hasOwn.call(oc.status, sid);
    const turn = lastTurn(turns(oc, sid));
    let usedBrowser = false;
    for (const message of turn?.assistants ?? []) {
      for (const part of message.parts) {
        if (part.type !== 'tool' || !isBrowserTool(part.tool, prefix)) continue;
        usedBrowser = true;
        const status = (part as ToolPart).state.status;
        if (status !== 'pending' && status !== 'running') continue;
        const input = ((part as ToolPart).state.input ?? {}) as Record<string, unknown>;
        const request = requests.find((r) => r.tool?.callID === part.callID && r.tool?.messageID === part.messageID);
        if (request) matched.add(request.id);
        calls.push({
          sessionID: sid,
          messageID: part.messageID,
          callID: part.callID,
          tool: part.tool,
          input,
          status,
          readOnly: isReadOnlyBrowserCall(part.tool, input, prefix),
          requestID: request?.id,
        });
      }
    }
    for (const r of requests) if (!matched.has(r.id)) orphanRequests.push(r);
    if ((busy && usedBrowser) || requests.length > 0) leaseSessions.push(sid);
    const q = pendingQuestions(oc, sid).find(isHandoffQuestion);
    if (q && !handoff) handoff = { requestID: q.id, sessionID: sid, reason: handoffReason(q) };
  }

  const hostId = neko?.control.hostId ?? null;
  return {
    nekoKnown: neko !== undefined,
    prefix,
    hostId,
    hostName: hostId && neko ? memberName(neko.sessions, hostId) : undefined,
    youHost: !!neko?.control.isHost,
    calls,
    orphanRequests,
    leaseSessions,
    handoff,
  };
}

/** What this arbiter knows that the servers do not: the human's settings and intent. */
export interface Local {
  policy: Policy;
  privacy: boolean;
  whileHumanDrives: WhileHumanDrives;
  /** This arbiter's human asked to drive and has not handed back. */
  takeWanted: boolean;
  /** The current host change is older than the settle time (see ArbiterOptions.settleMs). */
  hostSettled: boolean;
}

/** Calls that act on the page and are executing now (approved, or never needing approval). */
export const actingCalls = (obs: Observation) => obs.calls.filter((c) => c.status === 'running' && !c.requestID && !c.readOnly);

/** Pending requests as (id, call?) pairs: calls with a request plus orphan requests. */
function requestsOf(obs: Observation): { requestID: string; sessionID: string; tool: string; input: Record<string, unknown>; readOnly: boolean }[] {
  const out = obs.calls.filter((c) => c.requestID).map((c) => ({ requestID: c.requestID!, sessionID: c.sessionID, tool: c.tool, input: c.input, readOnly: c.readOnly }));
  for (const r of obs.orphanRequests) out.push({ requestID: r.id, sessionID: r.sessionID, tool: r.permission, input: {}, readOnly: false });
  return out;
}

/** Derives the arbiter's state. Only `local` and `obs` matter: no history, so a reload restores it. */
export function deriveState(obs: Observation, local: Local): ArbiterState {
  const host = obs.hostId !== null;
  const lease = obs.leaseSessions.length > 0;
  let mode: ArbiterMode;
  if (obs.handoff) mode = 'handoff';
  else if (host) mode = lease ? 'paused' : 'human';
  else mode = lease ? 'agent' : 'idle';
  const driver = host ? 'human' : mode === 'agent' ? 'agent' : 'nobody';

  const acting = actingCalls(obs);
  const current = acting[0] ?? obs.calls.find((c) => c.status === 'running') ?? obs.calls[0];
  const waiting = requestsOf(obs)
    .filter((r) => !wouldApprove(r, obs, local))
    .map((r) => ({ requestID: r.requestID, sessionID: r.sessionID, action: describeBrowserAction(r.tool, r.input, obs.prefix) ?? 'Using the browser' }));

  const state: ArbiterState = {
    mode,
    driver,
    you: obs.youHost,
    inputAllowed: obs.youHost && local.hostSettled && acting.length === 0,
    waiting,
    takePending: local.takeWanted && !obs.youHost,
    policy: local.policy,
    privacy: local.privacy,
  };
  if (host) {
    state.humanId = obs.hostId!;
    if (obs.hostName) state.humanName = obs.hostName;
  }
  if (obs.handoff) state.handoff = obs.handoff;
  if (current) state.agentAction = describeBrowserAction(current.tool, current.input, obs.prefix);
  else if (obs.orphanRequests[0]) state.agentAction = describeBrowserAction(obs.orphanRequests[0].permission, {}, obs.prefix);
  return state;
}

/** The human side holds the browser (or is about to): agent calls that act must wait. */
function humanHolds(obs: Observation, local: Local): boolean {
  return obs.hostId !== null || !!obs.handoff || (local.takeWanted && local.policy !== 'agent-first');
}

/** While the human side holds the browser, only a look at the page may go ahead, and not in privacy mode. */
export function mayGoWhileHumanHolds(readOnly: boolean, local: Pick<Local, 'privacy'>): boolean {
  return readOnly && !local.privacy;
}

function wouldApprove(r: { readOnly: boolean }, obs: Observation, local: Local): boolean {
  if (!obs.nekoKnown || local.policy === 'ask') return false;
  return !humanHolds(obs, local) || mayGoWhileHumanHolds(r.readOnly, local);
}

export type Action =
  | { type: 'approve'; requestID: string; readOnly: boolean }
  | { type: 'reject'; requestID: string; message: string }
  | { type: 'request-control' }
  | { type: 'release-control'; reason: string };

export const REJECT_MESSAGE =
  'A human is driving the shared browser right now. Do not retry browser actions until they hand it back; tell the user what you were about to do.';

/**
 * What to do now. Idempotent: the arbiter runs it after every change, de-duplicates in-flight
 * replies, and several arbiters may run it at once (a second reply to a request just fails).
 */
export function decide(obs: Observation, local: Local): Action[] {
  const actions: Action[] = [];
  // Without neko this arbiter cannot see whether a human drives, so it never answers for the agent.
  if (obs.nekoKnown) {
    for (const r of requestsOf(obs)) {
      if (wouldApprove(r, obs, local)) actions.push({ type: 'approve', requestID: r.requestID, readOnly: r.readOnly });
      else if (local.whileHumanDrives === 'reject' && obs.hostId !== null && !obs.handoff && local.policy !== 'ask') {
        actions.push({ type: 'reject', requestID: r.requestID, message: REJECT_MESSAGE });
      }
    }
  }
  const acting = actingCalls(obs).length > 0;
  if (local.takeWanted && !obs.youHost) {
    // A safe point: no agent call acting on the page; agent-first also lets queued calls go first.
    const queued = local.policy === 'agent-first' && requestsOf(obs).some((r) => !r.readOnly) && obs.hostId === null && !obs.handoff;
    if (!acting && !queued) actions.push({ type: 'request-control' });
  }
  if (local.policy === 'agent-first' && obs.youHost && !local.takeWanted && acting) {
    actions.push({ type: 'release-control', reason: 'the agent is mid-action (agent-first)' });
  }
  return actions;
}

/** Who caused a mode change, and a sentence for the timeline. */
export function attribute(prev: ArbiterState, next: ArbiterState): { by: Actor; reason: string } {
  const who = next.humanName ?? prev.humanName ?? 'A human';
  if (next.mode === 'handoff') return { by: 'agent', reason: `The agent asked for help: ${next.handoff?.reason ?? ''}`.trim() };
  if (prev.mode === 'handoff') return { by: 'human', reason: `${prev.humanName ?? who} finished the hand-off` };
  const humanBefore = prev.driver === 'human';
  const humanNow = next.driver === 'human';
  if (!humanBefore && humanNow) return { by: 'human', reason: `${who} took control` };
  if (humanBefore && !humanNow) return { by: 'human', reason: `${prev.humanName ?? 'The human'} handed back` };
  if (humanBefore && humanNow && prev.humanId !== next.humanId) return { by: 'human', reason: `${who} took control from ${prev.humanName ?? 'another human'}` };
  if (next.mode === 'paused') return { by: 'agent', reason: `The agent waits for ${who} to hand back` };
  if (next.mode === 'agent') return { by: 'agent', reason: next.agentAction ? `The agent started: ${next.agentAction}` : 'The agent started using the browser' };
  return { by: 'agent', reason: 'The agent finished its browser task' };
}
