import { createContext } from '@lit/context';
import type { Arbiter, OpencodeConnection } from '@oc-elements/core';

/**
 * Context key for a shared `OpencodeConnection`. An ancestor (e.g. a future `<oc-workspace>`)
 * provides one with `@provide({ context: connectionContext })`, so several elements share a single
 * event stream and store instead of each opening its own.
 */
export const connectionContext = createContext<OpencodeConnection | undefined>(Symbol.for('oc-elements/connection'));

/**
 * Context key for a shared control arbiter (who drives the shared browser). `<oc-workspace>`
 * provides one; an `<oc-cobrowser>` inside consumes it and switches to arbitration mode, and an
 * `<oc-chat>` inside shows hand-off cards and the arbitration timeline in its transcript.
 */
export const arbiterContext = createContext<Arbiter | undefined>(Symbol.for('oc-elements/arbiter'));
