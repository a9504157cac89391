import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveClientConfig, SchemaRegistryClient, SchemaRegistryConfigError, SchemaRegistryConnectionError, SchemaRegistryError, type ValidationMode } from 'schemagate';
import { tempDir } from '../helpers/start-server.ts';

describe('SchemaRegistryClient.fromEnv', () => {
  it('prefers connectors.schema_registry_url in qmtl.yml, then QMTL_SCHEMA_REGISTRY_URL, then memory', () => {
    const cwd = tempDir();
    assert.equal(SchemaRegistryClient.fromEnv({ env: {}, cwd }).kind, 'memory');
    const fromEnv = SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: 'http://env.example:8081' }, cwd });
    assert.deepEqual([fromEnv.kind, fromEnv.url], ['remote', 'http://env.example:8081']);
    writeFileSync(join(cwd, 'qmtl.yml'), 'connectors:\n  schema_registry_url: http://file.example:8081\n');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: 'http://env.example:8081' }, cwd }).url, 'http://file.example:8081');
    writeFileSync(join(cwd, 'other.yml'), 'connectors: { schema_registry_url: "http://named.example" }\n');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_CONFIG_FILE: 'other.yml' }, cwd }).url, 'http://named.example');
    writeFileSync(join(cwd, 'qmtl.yml'), 'connectors: {}\n');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: 'http://env.example:8081' }, cwd }).url, 'http://env.example:8081', 'a qmtl.yml without the key does not hide the variable');
    assert.throws(() => SchemaRegistryClient.fromEnv({ env: { QMTL_CONFIG_FILE: 'missing.yml' }, cwd }), /names .*missing\.yml, which does not exist/);
  });

  it('takes the validation mode from the option, then QMTL_SCHEMA_VALIDATION_MODE, then canary', () => {
    const cwd = tempDir();
    assert.equal(SchemaRegistryClient.fromEnv({ env: {}, cwd }).validationMode, 'canary');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' }, cwd }).validationMode, 'strict');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' }, cwd, validationMode: 'canary' }).validationMode, 'canary');
    assert.throws(() => SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'sometimes' }, cwd }), /unknown validation mode "sometimes"/);
  });

  it('takes the mode from option, then QMTL_SCHEMA_VALIDATION_MODE, then validation_mode in qmtl.yml, then canary, and says which', () => {
    const cwd = tempDir();
    const file = join(cwd, 'qmtl.yml');
    const sourceOf = (env: NodeJS.ProcessEnv, validationMode?: ValidationMode) => {
      const { validationMode: mode, validationModeSource } = SchemaRegistryClient.fromEnv({ env, cwd, ...(validationMode && { validationMode }) }).describe();
      return [mode, validationModeSource];
    };
    assert.deepEqual(sourceOf({}), ['canary', 'default']);
    writeFileSync(file, 'validation_mode: strict\nconnectors:\n  schema_registry_url: http://file.example:8081\n');
    assert.deepEqual(sourceOf({}), ['strict', `validation_mode in ${file}`]);
    assert.deepEqual(sourceOf({ QMTL_SCHEMA_VALIDATION_MODE: 'canary' }), ['canary', 'QMTL_SCHEMA_VALIDATION_MODE']);
    assert.deepEqual(sourceOf({ QMTL_SCHEMA_VALIDATION_MODE: '' }), ['strict', `validation_mode in ${file}`], 'an empty variable is unset, as QMTL reads it');
    assert.deepEqual(sourceOf({ QMTL_SCHEMA_VALIDATION_MODE: 'strict' }, 'canary'), ['canary', 'option']);
    writeFileSync(file, 'validation_mode: Canary\n');
    assert.deepEqual(sourceOf({}), ['canary', `validation_mode in ${file}`], 'case does not matter, as for the variable');
    writeFileSync(join(cwd, 'other.yml'), 'validation_mode: strict\n');
    assert.deepEqual(sourceOf({ QMTL_CONFIG_FILE: 'other.yml' }), ['strict', `validation_mode in ${join(cwd, 'other.yml')}`]);
  });

  it('reports where the URL came from, without credentials', () => {
    const cwd = tempDir();
    const file = join(cwd, 'qmtl.yml');
    writeFileSync(file, 'connectors:\n  schema_registry_url: " http://ci:secret@file.example:8081/ "\n');
    const env = { QMTL_SCHEMA_REGISTRY_URL: 'http://env.example:8081' };
    assert.deepEqual(SchemaRegistryClient.fromEnv({ env, cwd }).describe(), {
      kind: 'remote',
      url: 'http://file.example:8081',
      urlSource: `connectors.schema_registry_url in ${file}`,
      validationMode: 'canary',
      validationModeSource: 'default',
    });
    assert.equal(resolveClientConfig({ env, cwd: tempDir() }).urlSource, 'QMTL_SCHEMA_REGISTRY_URL');
    const resolved = resolveClientConfig({ url: 'http://flag.example', env, cwd, optionNames: { url: '--registry' } });
    assert.deepEqual([resolved.url, resolved.urlSource], ['http://flag.example', '--registry']);
    assert.deepEqual(new SchemaRegistryClient({ url: 'http://opt.example:1/', validationMode: 'strict' }).describe(), {
      kind: 'remote',
      url: 'http://opt.example:1',
      urlSource: 'option',
      validationMode: 'strict',
      validationModeSource: 'option',
    });
    assert.deepEqual(new SchemaRegistryClient().describe(), { kind: 'memory', validationMode: 'canary', validationModeSource: 'default' });
  });

  it('refuses a validation mode it cannot use, naming the file and key or the variable', () => {
    const cwd = tempDir();
    const file = join(cwd, 'qmtl.yml');
    const refused = (env: NodeJS.ProcessEnv, setting: string, message: RegExp) =>
      assert.throws(() => SchemaRegistryClient.fromEnv({ env, cwd }), (err: unknown) => {
        assert.ok(err instanceof SchemaRegistryConfigError, String(err));
        assert.ok(err instanceof SchemaRegistryError);
        assert.equal(err.setting, setting);
        assert.match(err.message, message);
        return true;
      });
    writeFileSync(file, 'validation_mode: sometimes\n');
    refused({}, `validation_mode in ${file}`, new RegExp(`^validation_mode in ${file}: unknown validation mode "sometimes"; use canary or strict$`));
    writeFileSync(file, 'validation_mode: true\n');
    refused({}, `validation_mode in ${file}`, /unknown validation mode true/);
    writeFileSync(file, 'connectors:\n  schema_validation_mode: strict\n');
    refused({}, `connectors.schema_validation_mode in ${file}`, /is not read: write the validation mode at the top level as validation_mode: canary\|strict/);
    writeFileSync(file, 'connectors:\n  validation_mode: strict\n');
    refused({}, `connectors.validation_mode in ${file}`, /top level/);
    refused({ QMTL_SCHEMA_VALIDATION_MODE: 'sometimes' }, 'QMTL_SCHEMA_VALIDATION_MODE', /^QMTL_SCHEMA_VALIDATION_MODE: unknown validation mode "sometimes"/);
    writeFileSync(file, 'connectors: [unclosed\n');
    refused({}, file, /is not valid YAML/);
    refused({ QMTL_CONFIG_FILE: 'missing.yml' }, 'QMTL_CONFIG_FILE', /names .*missing\.yml, which does not exist/);
    // A setting that is overridden is not read: the variable wins over a broken file value.
    writeFileSync(file, 'validation_mode: sometimes\n');
    assert.equal(SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' }, cwd }).validationMode, 'strict');
    assert.throws(() => new SchemaRegistryClient({ validationMode: 'sometimes' as ValidationMode }), (err: unknown) => err instanceof SchemaRegistryConfigError && /^the validationMode option: unknown/.test(err.message));
  });

  it('refuses a registry URL without a scheme, naming where it was set', () => {
    const cwd = tempDir();
    const file = join(cwd, 'qmtl.yml');
    const refused = (make: () => unknown, setting: string, message: RegExp) =>
      assert.throws(make, (err: unknown) => err instanceof SchemaRegistryConfigError && err.setting === setting && message.test(err.message) && !/Invalid URL/.test(err.message));
    refused(
      () => SchemaRegistryClient.fromEnv({ env: { QMTL_SCHEMA_REGISTRY_URL: '127.0.0.1:8081' }, cwd }),
      'QMTL_SCHEMA_REGISTRY_URL',
      /^QMTL_SCHEMA_REGISTRY_URL needs a scheme: "127\.0\.0\.1:8081" has none; use http:\/\/127\.0\.0\.1:8081 \(or https:\/\/127\.0\.0\.1:8081 if the registry serves TLS\)$/,
    );
    // The URL parser would read "localhost:" as a scheme.
    writeFileSync(file, 'connectors:\n  schema_registry_url: localhost:8081\n');
    refused(() => SchemaRegistryClient.fromEnv({ env: {}, cwd }), `connectors.schema_registry_url in ${file}`, /needs a scheme: "localhost:8081" has none; use http:\/\/localhost:8081/);
    refused(() => new SchemaRegistryClient({ url: 'registry:8081' }), 'the url option', /^the url option needs a scheme/);
    refused(() => resolveClientConfig({ url: '10.0.0.5:8081', optionNames: { url: '--registry' }, env: {}, cwd }), '--registry', /^--registry needs a scheme/);
    refused(() => new SchemaRegistryClient({ url: 'ftp://registry.example' }), 'the url option', /reached over http:\/\/ or https:\/\//);
    refused(() => new SchemaRegistryClient({ url: 'ci:secret@registry:8081' }), 'the url option', /^(?!.*secret).*needs a scheme: "ci:\*\*\*@registry:8081"/);
    refused(() => new SchemaRegistryClient({ url: 'http://x', timeoutMs: -1 }), 'the timeoutMs option', /positive number of milliseconds/);
  });

  it('reads credentials from the environment only', () => {
    assert.deepEqual(resolveClientConfig({ env: { SCHEMAGATE_USER: 'ci', SCHEMAGATE_PASSWORD: 'pw' }, cwd: tempDir() }).credentials, { username: 'ci', password: 'pw' });
    assert.deepEqual(resolveClientConfig({ env: { SCHEMAGATE_TOKEN: 't' }, cwd: tempDir() }).credentials, { token: 't' });
  });
});

/** A registry stand-in that misbehaves on purpose. */
async function fakeRegistry(handler: (url: string, method: string, count: number) => { status: number; body?: unknown } | 'hang'): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const answer = handler(req.url ?? '', req.method ?? '', requests.length);
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body ?? {}));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe('the remote client’s transport', () => {
  it('retries a read that got a 5xx, and sends a registration once', async () => {
    const fake = await fakeRegistry((url, method, count) => {
      if (method === 'GET' && url.startsWith('/subjects/p/versions/latest')) {
        return count === 1 ? { status: 503, body: { error_code: 50301, message: 'busy' } } : { status: 200, body: { subject: 'p', version: 1, id: 4, schema: '{}', schemaType: 'JSON' } };
      }
      if (method === 'POST') return { status: 500, body: { error_code: 50001, message: 'disk full' } };
      return { status: 404, body: { error_code: 40401, message: 'no' } };
    });
    try {
      const client = new SchemaRegistryClient({ url: fake.url });
      assert.equal((await client.latest('p'))?.id, 4);
      assert.equal(fake.requests.filter((r) => r.startsWith('GET /subjects/p/versions/latest')).length, 2);
      await assert.rejects(client.register('p', {}), (err: unknown) => err instanceof SchemaRegistryError && err.status === 500 && err.errorCode === 50001 && /disk full/.test(err.message));
      assert.equal(fake.requests.filter((r) => r.startsWith('POST')).length, 1, 'a write is never repeated');
    } finally {
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it('gives up on a registry that does not answer, with status 0', async () => {
    const fake = await fakeRegistry(() => 'hang');
    try {
      const client = new SchemaRegistryClient({ url: fake.url, timeoutMs: 150 });
      const started = Date.now();
      await assert.rejects(
        client.getById(1),
        (err: unknown) => err instanceof SchemaRegistryConnectionError && err.reason === 'timeout' && err.status === 0 && /did not answer GET \/schemas\/ids\/1 within 150 ms \(3 attempts\)$/.test(err.message),
      );
      assert.equal(fake.requests.length, 3, 'one attempt and two retries');
      assert.ok(Date.now() - started < 5_000);
    } finally {
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it('reports a registry that cannot be reached at all', async () => {
    const client = new SchemaRegistryClient({ url: 'http://127.0.0.1:9', timeoutMs: 500 });
    await assert.rejects(client.register('p', {}), (err: unknown) => err instanceof SchemaRegistryError && err.status === 0);
  });
});
