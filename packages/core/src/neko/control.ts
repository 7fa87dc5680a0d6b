/**
 * Control (host lock) state of one neko session, as a pure reducer, plus the tracker of held
 * keys/buttons that must be released before control is released or handed over.
 */
import type { ControlHost, SessionData } from './types.js';
import type { InputMessage } from './codec.js';

export type ControlRequestStatus =
  /** No request outstanding. */
  | { status: 'idle' }
  /** `control/request` sent; `hostId` is who hosted when we asked (null = nobody, we should get it at once). */
  | { status: 'pending'; since: number; hostId: string | null }
  /** No `control/host` came back in time: the current host was asked and did not hand over. */
  | { status: 'unanswered'; hostId: string | null };

export interface ControlState {
  hostId: string | null;
  isHost: boolean;
  /** Session that caused the last host change (`control/host.id`), when known. */
  changedBy: string | null;
  request: ControlRequestStatus;
  /** Sessions that asked us (the host) for control, oldest first. */
  requests: string[];
}

export type ControlAction =
  | { type: 'init'; sessionId: string; controlHost: ControlHost }
  | { type: 'host'; sessionId: string; controlHost: ControlHost }
  | { type: 'request-sent'; at: number }
  | { type: 'request-timeout' }
  | { type: 'request-cleared' }
  | { type: 'incoming-request'; id: string }
  | { type: 'dismiss-request'; id: string }
  | { type: 'reset' };

export const initialControlState: ControlState = {
  hostId: null,
  isHost: false,
  changedBy: null,
  request: { status: 'idle' },
  requests: [],
};

export function reduceControl(state: ControlState, action: ControlAction): ControlState {
  switch (action.type) {
    case 'init':
    case 'host': {
      const hostId = action.controlHost.has_host ? action.controlHost.host_id || null : null;
      const isHost = hostId !== null && hostId === action.sessionId;
      let request = state.request;
      if (isHost) request = { status: 'idle' };
      else if (request.status !== 'idle') request = { ...request, hostId };
      return {
        hostId,
        isHost,
        changedBy: action.controlHost.id || null,
        request,
        requests: isHost && state.isHost ? state.requests.filter((id) => id !== action.sessionId) : [],
      };
    }
    case 'request-sent':
      if (state.isHost) return state;
      return { ...state, request: { status: 'pending', since: action.at, hostId: state.hostId } };
    case 'request-timeout':
      if (state.request.status !== 'pending') return state;
      return { ...state, request: { status: 'unanswered', hostId: state.hostId } };
    case 'request-cleared':
      return { ...state, request: { status: 'idle' } };
    case 'incoming-request':
      if (!state.isHost || state.requests.includes(action.id)) return state;
      return { ...state, requests: [...state.requests, action.id] };
    case 'dismiss-request':
      return { ...state, requests: state.requests.filter((id) => id !== action.id) };
    case 'reset':
      return initialControlState;
  }
}

export type Driver = { kind: 'you' } | { kind: 'member'; id: string; name: string } | { kind: 'none' };

/** Who drives, for display: "You", a member's name from the sessions list, or nobody. */
export function driverOf(control: ControlState, sessions: Record<string, SessionData>): Driver {
  if (control.isHost) return { kind: 'you' };
  if (!control.hostId) return { kind: 'none' };
  return { kind: 'member', id: control.hostId, name: memberName(sessions, control.hostId) };
}

export function memberName(sessions: Record<string, { profile: { name: string } }>, id: string): string {
  return sessions[id]?.profile.name || id;
}

/** Keys (by physical `code`) and pointer buttons currently held on the remote. */
export class HeldInput {
  private readonly keys = new Map<string, number>();
  private readonly buttons = new Set<number>();

  /** Records a key press; false when that key is already down (neko rejects a repeated down). */
  keyDown(code: string, keysym: number): boolean {
    if (this.keys.has(code)) return false;
    this.keys.set(code, keysym);
    return true;
  }

  /** The keysym that was pressed for `code` (so Shift released first still lifts "!"), if held. */
  keyUp(code: string): number | undefined {
    const keysym = this.keys.get(code);
    this.keys.delete(code);
    return keysym;
  }

  buttonDown(button: number): boolean {
    if (this.buttons.has(button)) return false;
    this.buttons.add(button);
    return true;
  }

  buttonUp(button: number): boolean {
    return this.buttons.delete(button);
  }

  get empty(): boolean {
    return this.keys.size === 0 && this.buttons.size === 0;
  }

  heldKeysyms(): number[] {
    return [...this.keys.values()];
  }

  /** Key-ups then button-ups for everything held; clears the tracker. */
  releaseAll(): InputMessage[] {
    const out: InputMessage[] = [];
    for (const keysym of this.keys.values()) out.push({ type: 'keyup', keysym });
    for (const button of this.buttons) out.push({ type: 'buttonup', button });
    this.keys.clear();
    this.buttons.clear();
    return out;
  }

  clear(): void {
    this.keys.clear();
    this.buttons.clear();
  }
}
