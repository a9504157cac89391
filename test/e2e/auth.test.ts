import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { hashToken, verifyPassword } from '../../src/server/auth/secrets.ts';
import { BIN, startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * Auth on a real `schemagate serve`: users and hashed secrets from a config
 * file (made with `schemagate hash-password`), the real Confluent clients
 * signing in with Basic credentials and a bearer token, and the refusals.
 */
function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
}

let server: RunningServer;
let token: string;
before(async () => {
  const dir = tempDir();
  const hash = (password: string) => {
    const out = cli(['hash-password'], `${password}\n`);
    assert.equal(out.status, 0, out.stderr);
    return out.stdout.trim();
  };
  const made = cli(['hash-password', '--token']);
  token = /^token: (\S+)$/m.exec(made.stdout)![1];
  const tokenHash = /^tokenHash: (\S+)$/m.exec(made.stdout)![1];
  const config = join(dir, 'schemagate.yaml');
  writeFileSync(
    config,
    [
      'server: { host: 0.0.0.0 }',
      'auth:',
      '  enabled: true',
      '  users:',
      `    - { name: producer, passwordHash: "${hash('pr0ducer pass')}", roles: [writer] }`,
      `    - { name: consumer, passwordHash: "${hash('c0nsumer')}", roles: [reader] }`,
      `    - { name: ci, tokenHash: "${tokenHash}", roles: [writer] }`,
    ].join('\n'),
  );
  server = await startServer({ args: ['--config', config] });
});
after(async () => {
  assert.equal(await server.stop(), 0);
});

const payment = { type: 'record', name: 'Payment', namespace: 'com.acme', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'double' }] };

describe('schemagate serve with auth on', () => {
  it('listens beyond loopback and says auth is on', () => {
    assert.match(server.output(), /listening on http:\/\/0\.0\.0\.0:\d+ .*auth: on, 3 users\)/);
  });

  it('serves @confluentinc/schemaregistry with Basic credentials: writer produces, reader consumes, reader cannot register', async () => {
    const local = server.url.replace('0.0.0.0', '127.0.0.1');
    const as = (userInfo: string) => new SchemaRegistryClient({ baseURLs: [local], basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo } });
    const serializer = new AvroSerializer(as('producer:pr0ducer pass'), SerdeType.VALUE, { autoRegisterSchemas: true });
    const bytes = await serializer.serialize('payments', { id: 'p-1', amount: 9.5 }, JSON.parse(JSON.stringify(payment)) as never);
    const deserializer = new AvroDeserializer(as('consumer:c0nsumer'), SerdeType.VALUE, {});
    assert.deepEqual({ ...(await deserializer.deserialize('payments', bytes)) }, { id: 'p-1', amount: 9.5 });
    await assert.rejects(as('consumer:c0nsumer').register('other', { schemaType: 'AVRO', schema: JSON.stringify(payment) }), (err: Error & { errorCode?: number }) => err.errorCode === 40301);
    await assert.rejects(as('consumer:wrong').getLatestSchemaMetadata('payments'), (err: Error & { errorCode?: number }) => err.errorCode === 40101);
  });

  it('serves @kafkajs/confluent-schema-registry with Basic credentials', async () => {
    const registry = new SchemaRegistry({ host: server.url.replace('0.0.0.0', '127.0.0.1'), auth: { username: 'producer', password: 'pr0ducer pass' } });
    // By default kafkajs also sets a new subject's compatibility, which takes an admin (as with Confluent's RBAC).
    await assert.rejects(registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(payment) }, { subject: 'payments-kafkajs' }), /may not change the compatibility config/);
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(payment) }, { subject: 'payments-kafkajs', compatibility: undefined });
    assert.deepEqual({ ...(await registry.decode(await registry.encode(id, { id: 'p-2', amount: 1 }))) }, { id: 'p-2', amount: 1 });
  });

  it('accepts the bearer token and refuses a request without credentials', async () => {
    const local = server.url.replace('0.0.0.0', '127.0.0.1');
    const bearer = new SchemaRegistryClient({ baseURLs: [local], bearerAuthCredentials: { credentialsSource: 'STATIC_TOKEN', token, logicalCluster: 'lsrc-local', identityPoolId: 'pool' } });
    assert.ok((await bearer.getAllSubjects()).includes('payments-value'));
    const anonymous = await fetch(`${local}/subjects`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error_code: number }).error_code, 40101);
    assert.equal((await fetch(`${local}/subjects`, { headers: { authorization: `Bearer ${token}x` } })).status, 401);
  });

  it('counts bad bearer tokens against their address only: twenty of them lock no token user out', async () => {
    const local = server.url.replace('0.0.0.0', '127.0.0.1');
    for (let i = 0; i < 20; i++) assert.equal((await fetch(`${local}/subjects`, { headers: { authorization: `Bearer guess-${i}` } })).status, 401);
    assert.equal((await fetch(`${local}/subjects`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
  });
});

describe('auth configuration', () => {
  it('hash-password makes scrypt hashes that verify, and tokens whose hash matches', async () => {
    const out = cli(['hash-password'], 'correct horse\n');
    assert.match(out.stdout, /^scrypt\$16384\$8\$1\$/);
    assert.equal(await verifyPassword('correct horse', out.stdout.trim()), true);
    assert.equal(await verifyPassword('correct horse ', out.stdout.trim()), false);
    assert.equal(cli(['hash-password'], '').status, 2);
    const made = cli(['hash-password', '--token']).stdout;
    assert.equal(/^tokenHash: (\S+)$/m.exec(made)![1], hashToken(/^token: (\S+)$/m.exec(made)![1]));
  });

  it('refuses to listen beyond loopback with auth off, and refuses clear-text secrets', () => {
    const open = cli(['serve', '--port', '0', '--host', '0.0.0.0', '--store', 'memory']);
    assert.equal(open.status, 2);
    assert.match(open.stderr, /auth is off, so the server listens on loopback only .* not on 0\.0\.0\.0/);
    const dir = tempDir();
    const config = join(dir, 'clear.yaml');
    writeFileSync(config, 'auth: { enabled: true, users: [{ name: bob, password: hunter2, roles: [admin] }] }\n');
    const clear = cli(['serve', '--port', '0', '--store', 'memory', '--config', config]);
    assert.equal(clear.status, 2);
    assert.match(clear.stderr, /secrets are never stored in clear/);
    writeFileSync(config, 'auth: { enabled: true, users: [{ name: bob, passwordHash: "scrypt$1$2", roles: [boss] }] }\n');
    assert.match(cli(['serve', '--port', '0', '--store', 'memory', '--config', config]).stderr, /roles must be a non-empty list among reader, writer/);
  });
});
