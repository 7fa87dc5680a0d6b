import { createContext } from '@lit/context';
import type { OpencodeConnection } from '@oc-elements/core';

/**
 * Context key for a shared `OpencodeConnection`. An ancestor (e.g. a future `<oc-workspace>`)
 * provides one with `@provide({ context: connectionContext })`, so several elements share a single
 * event stream and store instead of each opening its own.
 */
export const connectionContext = createContext<OpencodeConnection | undefined>(Symbol.for('oc-elements/connection'));
