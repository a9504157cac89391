import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  RecordValidationError,
  SchemaRegistryClient,
  SchemaRegistryConfigError,
  SchemaRegistryConnectionError,
  SchemaRegistryError,
  SchemaValidationError,
  SerializationError,
  type ValidationMode,
} from 'schemagate';
import { tempDir } from '../helpers/start-server.ts';

/**
 * Every way the client can fail, in memory and remote, as a user meets it:
 * each must throw one of the classes the package root exports, so that
 * `catch (err) { if (err instanceof SchemaRegistryError) … }` is complete.
 */
const doc = JSON.stringify({ type: 'object', properties: { a: { type: 'number' } }, required: ['a'] });
const answers: Record<string, { status: number; body: unknown; type?: string }> = {
  'GET /subjects/doc/versions/latest': { status: 200, body: { subject: 'doc', version: 1, id: 7, schema: doc, schemaType: 'JSON' } },
  'GET /schemas/ids/7': { status: 200, body: { schema: doc, schemaType: 'JSON' } },
  'GET /schemas/ids/8': { status: 200, body: { schema: '{nope', schemaType: 'JSON' } },
  'GET /schemas/ids/9': { status: 200, body: { schema: doc, schemaType: 'JSON', references: [{ name: 'x.json', subject: 'gone', version: 1 }] } },
  'GET /subjects/web/versions/latest': { status: 200, body: '<html>a web server</html>', type: 'text/html' },
  'POST /subjects/broken/versions': { status: 500, body: { error_code: 50001, message: 'disk full' } },
  'POST /subjects/strict/versions': {
    status: 409,
    body: { error_code: 409, message: 'incompatible', report: { subject: 'strict', compatibilityLevel: 'BACKWARD', compatible: false, breakingChanges: [{ ruleId: 'x', path: '#/a' }] } },
  },
};
const fake = createServer((req, res) => {
  const answer = answers[`${req.method} ${req.url}`] ?? { status: 404, body: { error_code: 40403, message: 'not found' } };
  res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' }).end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
});
let url: string;
before(async () => {
  await new Promise<void>((done) => fake.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
after(() => {
  fake.closeAllConnections();
  fake.close();
});

const frame = (id: number, payload: Buffer | string) => Buffer.concat([Buffer.from([0, 0, 0, 0, id]), Buffer.from(payload)]);

/** [what the user did, the call, the class it must throw, what else to check]. */
type FailurePath = [string, () => unknown, new (...args: never[]) => Error, ((err: any) => void)?];

async function failurePaths(): Promise<FailurePath[]> {
  const memory = new SchemaRegistryClient();
  const strict = new SchemaRegistryClient({ validationMode: 'strict' });
  await strict.register('orders', { type: 'object', properties: { a: { type: 'number' } }, additionalProperties: false });
  const avro = await memory.register('tick', { type: 'record', name: 'T', fields: [{ name: 'n', type: 'string' }] }, { schemaType: 'AVRO' });
  const docId = (await memory.register('doc', JSON.parse(doc))).id;
  const remote = new SchemaRegistryClient({ url, timeoutMs: 2_000 });
  const spare = createServer();
  await new Promise<void>((done) => spare.listen(0, '127.0.0.1', done));
  const closed = (spare.address() as AddressInfo).port;
  await new Promise((done) => spare.close(done));
  const yaml = tempDir();
  writeFileSync(join(yaml, 'qmtl.yml'), 'connectors: [unclosed\n');
  const record = (subject: string, schemaId: number, path: string) => (err: RecordValidationError) => {
    assert.deepEqual([err.subject, err.schemaId, err.issues[0]?.path], [subject, schemaId, path]);
    assert.match(err.message, new RegExp(`^The value for subject '${subject}' does not match the schema: ${path}`));
  };
  const status = (code: number, errorCode?: number) => (err: SchemaRegistryError) => assert.deepEqual([err.status, err.errorCode], [code, errorCode ?? err.errorCode]);
  return [
    ['register an invalid schema', () => memory.register('bad', '{not json'), SchemaRegistryError, status(422, 42201)],
    ['register an unknown schema type', () => memory.register('bad', 'x', { schemaType: 'XML' as never }), SchemaRegistryError, status(422)],
    ['register an incompatible schema in strict mode', () => strict.register('orders', { type: 'object', properties: {}, additionalProperties: false }), SchemaValidationError],
    ['register with an unknown mode', () => memory.register('doc', {}, { validationMode: 'sometimes' as ValidationMode }), SchemaRegistryConfigError],
    ['validate an invalid schema', () => memory.validate('bad', '{not json'), SchemaRegistryError, status(422)],
    ['encode for a subject without schema', () => memory.encode('none', {}), SchemaRegistryError, status(404, 40401)],
    ['encode a record the schema refuses', () => memory.encode('doc', { a: 'x' }), RecordValidationError, record('doc', docId, '/a')],
    ['encode an Avro record missing a field', () => memory.encode('tick', {}), RecordValidationError, record('tick', avro.id, '/n')],
    ['encode a value JSON cannot hold', () => memory.encode('doc', { a: 1, big: 1n }), SerializationError, (err) => assert.ok(!(err instanceof RecordValidationError))],
    ['decode bytes not in wire format', () => memory.decode(Buffer.from('hello')), SerializationError, (err) => assert.match(err.message, /zero magic byte/)],
    ['decode a string', () => memory.decode('hello' as never), SerializationError],
    ['decode a truncated Avro payload', () => memory.decode(frame(avro.id, Buffer.from([0x40]))), SerializationError, (err) => assert.equal(err.schemaId, avro.id)],
    ['decode a message naming an unknown schema', () => memory.decode(frame(99, '{}')), SchemaRegistryError, status(404, 40403)],
    ['construct with a URL without scheme', () => new SchemaRegistryClient({ url: '127.0.0.1:8081' }), SchemaRegistryConfigError],
    ['read a qmtl.yml that is not YAML', () => SchemaRegistryClient.fromEnv({ env: {}, cwd: yaml }), SchemaRegistryConfigError],
    ['reach a closed port', () => new SchemaRegistryClient({ url: `http://127.0.0.1:${closed}` }).register('p', {}), SchemaRegistryConnectionError, (err) => assert.equal(err.reason, 'refused')],
    ['remote: the registry answers 500', () => remote.register('broken', {}), SchemaRegistryError, status(500, 50001)],
    ['remote: strict refusal with its report', () => remote.register('strict', {}), SchemaValidationError, (err) => assert.equal(err.report.subject, 'strict')],
    ['remote: the URL is a web server, not a registry', () => remote.latest('web'), SchemaRegistryError, (err) => assert.match(err.message, /not a schema registry's JSON .*is it a schema registry\?/)],
    ['remote: encode a record the schema refuses', () => remote.encode('doc', { a: 'x' }), RecordValidationError, record('doc', 7, '/a')],
    ['remote: decode under a stored schema that does not parse', () => remote.decode(frame(8, '{}')), SchemaRegistryError, status(422)],
    ['remote: decode under a schema whose reference is gone', () => remote.decode(frame(9, '{}')), SchemaRegistryError, status(404, 40402)],
  ];
}

describe('the errors the client throws', () => {
  it('are all exported classes, each failure path its own kind', async () => {
    const paths = await failurePaths();
    for (const [what, call, expected, check] of paths) {
      let thrown: unknown;
      try {
        await call();
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown !== undefined, `${what}: did not fail`);
      assert.ok(thrown instanceof SchemaRegistryError || thrown instanceof SchemaValidationError, `${what}: ${String(thrown)} is not an exported class`);
      assert.ok(thrown instanceof expected, `${what}: ${String(thrown)} is not a ${expected.name}`);
      assert.equal((thrown as Error).name, expected.name, `${what}: name`);
      check?.(thrown);
    }
  });

  it('form one family: every new class is a SchemaRegistryError with status 0', () => {
    const family = [
      new SchemaRegistryConfigError('m', 'QMTL_SCHEMA_REGISTRY_URL'),
      new SchemaRegistryConnectionError('m', 'refused', 'http://x'),
      new SerializationError('m', 1),
      new RecordValidationError('s', 1, [{ path: '/a', message: 'is wrong' }]),
    ];
    for (const err of family) assert.deepEqual([err instanceof SchemaRegistryError, err.status, err.errorCode], [true, 0, 0], err.name);
    assert.ok(family[3] instanceof SerializationError, 'a refused record is a serialization failure');
  });
});
