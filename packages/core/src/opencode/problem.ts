/** What kind of trouble the connection is in; each comes with a sentence saying how to fix it. */
export type ProblemKind =
  | 'invalid-url'
  | 'unreachable'
  | 'cors'
  | 'mixed-content'
  | 'unauthorized'
  | 'not-opencode'
  | 'version'
  | 'http';

export interface ConnectionProblem {
  kind: ProblemKind;
  /** A human sentence: what went wrong and how to fix it. */
  message: string;
  /** HTTP status when the server answered. */
  status?: number;
}

/** The oldest opencode the connection was verified against (API and event shapes of 1.18). */
export const MIN_OPENCODE_VERSION = '1.18.0';

/** An error carrying a typed problem; thrown by every REST call of the client. */
export class OpencodeError extends Error {
  readonly problem: ConnectionProblem;
  readonly body: unknown;

  constructor(problem: ConnectionProblem, body?: unknown) {
    super(problem.message);
    this.name = 'OpencodeError';
    this.problem = problem;
    this.body = body;
  }

  get status(): number | undefined {
    return this.problem.status;
  }
}

export function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && origin !== 'null' ? origin : undefined;
}

export const problems = {
  invalidUrl: (server: string): ConnectionProblem => ({
    kind: 'invalid-url',
    message: `"${server}" is not a valid server URL. Use the address \`opencode serve\` prints, e.g. http://127.0.0.1:4096.`,
  }),
  unreachable: (server: string): ConnectionProblem => ({
    kind: 'unreachable',
    message: `Cannot reach the opencode server at ${server}. Check that \`opencode serve\` is running there and that the URL and port are right.`,
  }),
  cors: (server: string, origin: string): ConnectionProblem => ({
    kind: 'cors',
    message: `The opencode server at ${server} does not allow requests from this page (${origin}). Restart it with \`opencode serve --cors ${origin}\`.`,
  }),
  mixedContent: (server: string, origin: string): ConnectionProblem => ({
    kind: 'mixed-content',
    message: `This page (${origin}) is served over HTTPS, so the browser blocks the plain-HTTP opencode server at ${server}. Serve opencode over HTTPS (e.g. behind a reverse proxy) or open this page over HTTP.`,
  }),
  unauthorized: (server: string, hadCredentials: boolean): ConnectionProblem => ({
    kind: 'unauthorized',
    status: 401,
    message: hadCredentials
      ? `The opencode server at ${server} rejected the credentials (HTTP 401). Check the username (default "opencode") and the password set in OPENCODE_SERVER_PASSWORD.`
      : `The opencode server at ${server} needs a password (HTTP 401). Pass it through the \`auth\` property: { password }.`,
  }),
  notOpencode: (server: string, what: string): ConnectionProblem => ({
    kind: 'not-opencode',
    message: `${server} does not look like an opencode server (${what}). Point it at the address \`opencode serve\` prints.`,
  }),
  version: (server: string, version: string): ConnectionProblem => ({
    kind: 'version',
    message: `The opencode server at ${server} is version ${version}; oc-elements needs ${MIN_OPENCODE_VERSION} or newer. Update it with \`npm i -g opencode-ai@latest\`.`,
  }),
  timeout: (server: string, method: string, path: string, ms: number): ConnectionProblem => ({
    kind: 'unreachable',
    message: `The opencode server at ${server} did not answer ${method} ${path} within ${Math.round(ms / 1000)} s. Check that it is running and not overloaded.`,
  }),
  http: (method: string, path: string, status: number, detail: string): ConnectionProblem => ({
    kind: 'http',
    status,
    message: `The opencode server answered ${method} ${path} with HTTP ${status}${detail ? `: ${detail}` : ''}.`,
  }),
};

/** Pulls a message out of opencode's four error body shapes. */
export function errorDetail(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' ? body.slice(0, 200) : '';
  const b = body as { data?: { message?: unknown }; message?: unknown; _tag?: unknown; name?: unknown };
  const candidates = [b.data?.message, b.message, b._tag, b.name];
  const found = candidates.find((c) => typeof c === 'string' && c);
  return typeof found === 'string' ? found.slice(0, 300) : '';
}

/** Compares dotted versions numerically; returns true when `version` >= `min`. */
export function versionAtLeast(version: string, min: string): boolean {
  const a = version.split(/[.-]/).map((n) => parseInt(n, 10) || 0);
  const b = min.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < b.length; i++) {
    if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}
