import { createContext } from '@lit/context';
import type { Arbiter } from '@oc-elements/core';

/**
 * Context key for a shared control arbiter (who drives the shared browser). `<oc-workspace>`
 * provides one; an `<oc-cobrowser>` inside consumes it and switches to arbitration mode.
 */
export const arbiterContext = createContext<Arbiter | undefined>(Symbol.for('oc-elements/arbiter'));
