// Connection diagnosis against real servers: Basic auth (REST + SSE), wrong / missing password,
// the credentials callback, an unreachable port and a server that is not opencode.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { OpencodeConnection } from '../src/opencode/connection.js';
import { startPair, waitFor, type Pair } from './support.js';

describe('connection diagnosis on a password-protected opencode', () => {
  let pair: Pair;
  before(async () => {
    pair = await startPair({ password: 'correct horse', username: 'alice' });
  });
  after(() => pair.close());

  it('connects with the right Basic credentials and receives events over SSE', async () => {
    const connection = await pair.connect();
    assert.equal(connection.state.status, 'connected');
    assert.equal(connection.state.problem, undefined);
    assert.match(connection.state.version ?? '', /^\d+\.\d+/);
    const session = await connection.client.createSession({ title: 'auth check' });
    // The session arrives twice: from the REST answer's echo on the event stream.
    await waitFor('session.created over SSE', () => connection.store.getState().sessions[session.id]);
  });

  it('reports a wrong password as the 401 state, without crashing', async () => {
    const connection = new OpencodeConnection({ server: pair.opencode.url, auth: { username: 'alice', password: 'wrong' } });
    const state = await connection.start();
    connection.stop();
    assert.equal(state.status, 'error');
    assert.equal(state.problem?.kind, 'unauthorized');
    assert.match(state.problem!.message, /rejected the credentials \(HTTP 401\)/);
    assert.doesNotMatch(state.problem!.message, /wrong/, 'the password never appears in messages');
  });

  it('reports a missing password and says where to put it', async () => {
    const connection = new OpencodeConnection({ server: pair.opencode.url });
    const state = await connection.start();
    connection.stop();
    assert.equal(state.problem?.kind, 'unauthorized');
    assert.match(state.problem!.message, /needs a password .*`auth` property/);
  });

  it('asks the credentials callback again after a 401', async () => {
    const reasons: string[] = [];
    const connection = new OpencodeConnection({
      server: pair.opencode.url,
      auth: (reason) => {
        reasons.push(reason);
        return { username: 'alice', password: reason === 'initial' ? 'stale' : 'correct horse' };
      },
    });
    const state = await connection.start();
    connection.stop();
    assert.equal(state.status, 'connected');
    assert.deepEqual(reasons.slice(0, 2), ['initial', 'unauthorized']);
  });

  it('sends credentials only in the Authorization header, never in URLs', async () => {
    const urls: string[] = [];
    const connection = new OpencodeConnection({
      server: pair.opencode.url,
      auth: { username: 'alice', password: 'correct horse' },
      fetch: (url, init) => {
        urls.push(url);
        return fetch(url, init);
      },
    });
    await connection.start();
    connection.stop();
    assert.ok(urls.length > 3);
    for (const url of urls) assert.doesNotMatch(url, /correct|horse|auth_token|alice/);
    assert.equal(JSON.stringify(connection.http.auth), '"[credentials hidden]"');
  });
});

describe('bearer token through a reverse proxy', () => {
  let pair: Pair;
  let proxy: http.Server;
  let proxyUrl: string;
  before(async () => {
    pair = await startPair({ password: 'upstream secret' });
    // A real proxy, as users put in front of opencode: checks a bearer token, forwards with Basic.
    proxy = http.createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer team-token') {
        res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return;
      }
      const { host: _host, ...headers } = req.headers;
      const upstream = http.request(
        new URL(req.url ?? '/', pair.opencode.url),
        { method: req.method, headers: { ...headers, authorization: pair.opencode.authHeader } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
      res.on('close', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
  });
  after(async () => {
    proxy.closeAllConnections();
    proxy.close();
    await pair.close();
  });

  it('connects with { token } and streams events through the proxy', async () => {
    const connection = new OpencodeConnection({ server: proxyUrl, auth: { token: 'team-token' } });
    const state = await connection.start();
    try {
      assert.equal(state.status, 'connected');
      const session = await connection.client.createSession({ title: 'via proxy' });
      await waitFor('event through the proxy', () => connection.store.getState().sessions[session.id]);
    } finally {
      connection.stop();
    }
  });

  it('reports a wrong token as the 401 state', async () => {
    const connection = new OpencodeConnection({ server: proxyUrl, auth: { token: 'stale' } });
    const state = await connection.start();
    connection.stop();
    assert.equal(state.problem?.kind, 'unauthorized');
  });
});

describe('connection diagnosis without opencode', () => {
  it('reports an unreachable server', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r)); // now nothing listens on that port
    const connection = new OpencodeConnection({ server: `http://127.0.0.1:${port}` });
    const state = await connection.start();
    connection.stop();
    assert.equal(state.problem?.kind, 'unreachable');
    assert.match(state.problem!.message, /Cannot reach the opencode server at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('reports a server that answers HTML as not opencode', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>some app</title>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const connection = new OpencodeConnection({ server: `http://127.0.0.1:${port}` });
    const state = await connection.start();
    connection.stop();
    server.close();
    assert.equal(state.problem?.kind, 'not-opencode');
    assert.match(state.problem!.message, /does not look like an opencode server \(GET \/global\/health answered HTML/);
  });

  it('refuses credentials in the server URL and invalid URLs', () => {
    assert.throws(() => new OpencodeConnection({ server: 'http://u:p@127.0.0.1:1' }), /Do not put credentials in the server URL/);
    assert.throws(() => new OpencodeConnection({ server: 'not a url' }), /is not a valid server URL/);
  });
});
