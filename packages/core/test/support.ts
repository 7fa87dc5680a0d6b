// Shared helpers for core's end-to-end tests: a real opencode + the scripted model, and waiting.
import { startModelServer } from '../../../harness/model-server.mjs';
import { startOpencode } from '../../../harness/opencode.mjs';
import { OpencodeConnection, type ConnectionOptions } from '../src/opencode/connection.js';

export type ModelServer = Awaited<ReturnType<typeof startModelServer>>;
export type Opencode = Awaited<ReturnType<typeof startOpencode>>;

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Pair {
  model: ModelServer;
  opencode: Opencode;
  connect(options?: Partial<ConnectionOptions>): Promise<OpencodeConnection>;
  close(): Promise<void>;
}

/** Starts the scripted model and a real opencode pointed at it; `connect()` opens tracked connections. */
export async function startPair(options: Parameters<typeof startOpencode>[0] = {}): Promise<Pair> {
  const model = await startModelServer();
  const opencode = await startOpencode({ model, ...options });
  const connections: OpencodeConnection[] = [];
  return {
    model,
    opencode,
    async connect(extra = {}) {
      const auth = opencode.password ? { username: opencode.username, password: opencode.password } : undefined;
      const connection = new OpencodeConnection({ server: opencode.url, auth, heartbeatTimeoutMs: 20_000, ...extra });
      connections.push(connection);
      await connection.start();
      return connection;
    },
    async close() {
      for (const c of connections) c.stop();
      await opencode.stop();
      await model.close();
    },
  };
}
