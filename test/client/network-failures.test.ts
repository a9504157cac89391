import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SchemaRegistryClient, SchemaRegistryConnectionError, SchemaRegistryError, type ConnectionFailure } from 'schemagate';
import { tempDir } from '../helpers/start-server.ts';

/**
 * What a user sees when the registry cannot be reached, each cause for real
 * on this machine: fetch reports all of them as "fetch failed", the client
 * must not.
 */
async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: one the kernel just handed out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((done) => server.close(done));
  return port;
}

function connectionError(reason: ConnectionFailure, message: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof SchemaRegistryConnectionError, String(err));
    assert.ok(err instanceof SchemaRegistryError, 'one catch clause still catches it');
    assert.equal(err.reason, reason);
    assert.equal(err.status, 0);
    assert.doesNotMatch(err.message, /fetch failed/);
    assert.match(err.message, message);
    return true;
  };
}

describe('a registry that cannot be reached', () => {
  it('says nothing is listening when the connection is refused', async () => {
    const port = await closedPort();
    const client = new SchemaRegistryClient({ url: `http://127.0.0.1:${port}` });
    await assert.rejects(
      client.getById(1),
      connectionError('refused', new RegExp(`^nothing is listening at http://127\\.0\\.0\\.1:${port} \\(connection refused\\): is the registry running\\? \\[did not answer GET /schemas/ids/1 after 3 attempts\\]$`)),
    );
    await assert.rejects(client.register('p', {}), connectionError('refused', /\[did not answer POST \/subjects\/p\/versions\]$/), 'a write is sent once');
  });

  it('says which host cannot be resolved, and where the URL was set, without retrying', async () => {
    const client = SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: 'http://registry.invalid:8081' }, cwd: tempDir() });
    const started = Date.now();
    const failure = await client.latest('prices').then(() => assert.fail('resolved'), (err: unknown) => err);
    connectionError(
      'unresolved',
      /^cannot resolve host registry\.invalid \((ENOTFOUND|EAI_AGAIN, DNS did not answer)\): check the host in http:\/\/registry\.invalid:8081 \(from QMTL_SCHEMA_REGISTRY_URL\) \[did not answer GET \/subjects\/prices\/versions\/latest/,
    )(failure);
    // A host that does not exist is asked once (a DNS server that did not answer, EAI_AGAIN, is asked again).
    if (/ENOTFOUND/.test((failure as Error).message)) assert.match((failure as Error).message, /latest\]$/);
    // .invalid never resolves (RFC 6761); without retries the answer is immediate.
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  });

  it('says which port fetch refuses to use, without retrying', async () => {
    await assert.rejects(
      new SchemaRegistryClient({ url: 'http://127.0.0.1:6000' }).getById(1),
      connectionError('network', /^fetch will not connect to port 6000 of http:\/\/127\.0\.0\.1:6000, one the Fetch standard blocks: run the registry on another port \(from the url option\) \[did not answer GET \/schemas\/ids\/1\]$/),
    );
  });

  it('says the TLS handshake failed when https meets a plain http port, and the suggested http URL works', async () => {
    const requests: string[] = [];
    const plain = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 40403, message: 'Schema 1 not found' }));
    });
    const port = await listen(plain);
    try {
      const client = new SchemaRegistryClient({ url: `https://127.0.0.1:${port}` });
      await assert.rejects(
        client.getById(1),
        connectionError('tls', new RegExp(`^TLS handshake with https://127\\.0\\.0\\.1:${port} failed \\(\\w+\\): does the registry serve https\\? try http://127\\.0\\.0\\.1:${port} in the url option \\[did not answer GET /schemas/ids/1\\]$`)),
      );
      assert.deepEqual(requests, [], 'no HTTP request reached the server');
      const suggested = /try (\S+) in/.exec(await client.getById(1).catch((err: Error) => err.message) as string)![1];
      assert.equal(await new SchemaRegistryClient({ url: suggested }).getById(1), undefined);
      assert.deepEqual(requests, ['GET /schemas/ids/1']);
    } finally {
      plain.closeAllConnections();
      plain.close();
    }
  });
});
