// Pure parts of the connection's diagnosis: version gate, error bodies, server URLs, auth headers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorizationHeader } from '../src/opencode/auth.js';
import { normalizeServer } from '../src/opencode/http.js';
import { MIN_OPENCODE_VERSION, errorDetail, problems, versionAtLeast } from '../src/opencode/problem.js';

describe('diagnosis helpers', () => {
  it('compares versions numerically', () => {
    assert.equal(versionAtLeast('1.18.33', '1.18.0'), true);
    assert.equal(versionAtLeast('1.18.0', '1.18.0'), true);
    assert.equal(versionAtLeast('1.9.99', '1.18.0'), false, 'not a string comparison');
    assert.equal(versionAtLeast('2.0.0-beta.1', '1.18.0'), true);
    assert.equal(versionAtLeast('0.15.8', MIN_OPENCODE_VERSION), false);
    assert.match(problems.version('http://h:1', '0.15.8').message, /version 0\.15\.8; oc-elements needs 1\.18\.0 or newer/);
  });

  it("reads opencode's four error body shapes", () => {
    assert.equal(errorDetail({ name: 'NotFoundError', data: { message: 'Session not found' } }), 'Session not found');
    assert.equal(errorDetail({ _tag: 'PermissionNotFoundError', requestID: 'per_1', message: 'Permission request not found' }), 'Permission request not found');
    assert.equal(errorDetail({ _tag: 'BadRequest' }), 'BadRequest');
    assert.equal(errorDetail({ name: 'BadRequest', data: { message: 'bad query', kind: 'Query' } }), 'bad query');
    assert.equal(errorDetail('plain text'), 'plain text');
    assert.equal(errorDetail(null), '');
  });

  it('normalizes server URLs and refuses credentials in them', () => {
    assert.equal(normalizeServer('http://127.0.0.1:4096/'), 'http://127.0.0.1:4096');
    assert.equal(normalizeServer('https://host.example/opencode/'), 'https://host.example/opencode');
    assert.throws(() => normalizeServer('ftp://host'), /not a valid server URL/);
    assert.throws(() => normalizeServer('http://user:pw@host'), /Do not put credentials in the server URL/);
  });

  it('builds Basic (UTF-8, default username) and Bearer headers', () => {
    assert.equal(authorizationHeader({ password: 'secret' }), `Basic ${Buffer.from('opencode:secret').toString('base64')}`);
    assert.equal(authorizationHeader({ username: 'zoë', password: 'pässwörd' }), `Basic ${Buffer.from('zoë:pässwörd', 'utf8').toString('base64')}`);
    assert.equal(authorizationHeader({ token: 't0k' }), 'Bearer t0k');
    assert.equal(authorizationHeader(undefined), undefined);
  });
});
