import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { subjectDirName, subjectOfDirName } from '../../src/cli/commands/export-files.ts';
import { cli } from '../helpers/cli.ts';
import { BIN, startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';
import { dumpRegistry, holdingProxy, startCli, versionCount } from './registry-dump.ts';

/**
 * `schemagate import` and `export` as a user runs them: a second
 * schemagate serves as the source (it speaks Confluent's API), holding
 * Avro, JSON Schema and Protobuf subjects, references between subjects,
 * gaps in ids and versions, soft-deleted versions, per-subject configs and
 * modes, a global config, and a global READONLY mode (frozen, as the
 * migration guide says). Every comparison reads both registries through
 * the REST API, never through the code under test.
 */
const servers: RunningServer[] = [];
const serve = async () => {
  const server = await startServer();
  servers.push(server);
  return server;
};
let source: RunningServer;
let sourceDump: unknown;
const WEIRD = 'ops/../weird:name';
// The source's credentials come only from these; the developer's own must not decide a test.
const NO_SOURCE_CREDENTIALS = { SCHEMAGATE_FROM_USER: undefined, SCHEMAGATE_FROM_PASSWORD: undefined, SCHEMAGATE_FROM_TOKEN: undefined };
const run = (args: string[], env: Record<string, string | undefined> = {}) => cli(args, { env: { ...NO_SOURCE_CREDENTIALS, ...env } });

async function call(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const answer = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${JSON.stringify(answer)}`);
  return answer;
}
const register = (url: string, subject: string, body: object) => call(url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, body);
const avro = (schema: object, references?: object[]) => ({ schema: JSON.stringify(schema), ...(references && { references }) });
const order = (fields: object[]) => ({ type: 'record', name: 'Order', namespace: 'ops', fields: [{ name: 'id', type: 'string' }, ...fields] });

async function populate(url: string): Promise<void> {
  // A schema whose id is gone for good: a fresh registry would number from 1 again, so kept ids show.
  await register(url, 'ops-tmp', avro({ type: 'record', name: 'Tmp', fields: [{ name: 't', type: 'int' }] }));
  await call(url, 'DELETE', '/subjects/ops-tmp');
  await call(url, 'DELETE', '/subjects/ops-tmp?permanent=true');
  await register(url, 'ops-orders-value', avro(order([])));
  // Named to sort after its referrer: the order must come from the reference, not the names.
  await register(url, 'ops-z-money', avro({ type: 'record', name: 'Money', namespace: 'ops', fields: [{ name: 'cents', type: 'long' }] }));
  const money = [{ name: 'ops.Money', subject: 'ops-z-money', version: 1 }];
  await register(url, 'ops-orders-value', avro(order([{ name: 'total', type: ['null', 'ops.Money'], default: null }]), money));
  const json = (properties: object) => ({ schemaType: 'JSON', schema: JSON.stringify({ type: 'object', properties }) });
  await register(url, 'ops-events', json({ a: { type: 'string' } }));
  await register(url, 'ops-events', json({ a: { type: 'string' }, b: { type: 'string' } }));
  await register(url, 'ops-events', json({ a: { type: 'string' }, b: { type: 'string' }, c: { type: 'integer' } }));
  // Version 2 gone for good: the subject keeps versions 1 and 3.
  await call(url, 'DELETE', '/subjects/ops-events/versions/2');
  await call(url, 'DELETE', '/subjects/ops-events/versions/2?permanent=true');
  const proto = (text: string, references?: object[]) => ({ schemaType: 'PROTOBUF', schema: text, ...(references && { references }) });
  await register(url, 'ops-proto-money', proto('syntax = "proto3";\npackage ops;\n\nmessage Money {\n  int64 cents = 1;\n}\n'));
  await register(
    url,
    'ops-proto-order',
    proto('syntax = "proto3";\npackage ops;\nimport "money.proto";\n\nmessage Order {\n  string id = 1;\n  ops.Money total = 2;\n}\n', [{ name: 'money.proto', subject: 'ops-proto-money', version: 1 }]),
  );
  // A version that references another subject, then soft-deleted: kept, and still deleted.
  await register(url, 'ops-orders-value', avro(order([{ name: 'total', type: ['null', 'ops.Money'], default: null }, { name: 'note', type: 'string', default: '' }]), money));
  await call(url, 'DELETE', '/subjects/ops-orders-value/versions/3');
  // The same schema under a second subject: one id for both.
  await register(url, 'ops-orders-copy', avro(order([])));
  await register(url, WEIRD, avro({ type: 'record', name: 'Weird', fields: [{ name: 'w', type: 'string' }] }));
  await call(url, 'PUT', '/config/ops-events', { compatibility: 'FULL' });
  await call(url, 'PUT', '/config/ops-orders-value', { compatibility: 'FORWARD_TRANSITIVE', normalize: true });
  await call(url, 'PUT', '/config', { compatibility: 'BACKWARD_TRANSITIVE' });
  await call(url, 'PUT', '/mode/ops-proto-money', { mode: 'READONLY' });
  await call(url, 'PUT', '/mode/ops-events', { mode: 'READWRITE' });
  await call(url, 'PUT', '/mode', { mode: 'READONLY' });
}

/** The JSON summary an import prints with --json. */
function summaryOf(out: ReturnType<typeof cli>): any {
  assert.ok(out.json, `no JSON on stdout: ${out.stdout}${out.stderr}`);
  return out.json;
}

before(async () => {
  source = await serve();
  await populate(source.url);
  sourceDump = await dumpRegistry(source.url);
});
after(async () => {
  for (const server of servers) await server.stop();
});

describe('schemagate import --from <url>', () => {
  it('copies every subject, version, id, reference, config and mode into a fresh registry; a second run changes nothing', async () => {
    const target = await serve();
    const first = run(['import', '--from', source.url, '--registry', target.url]);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /^ {2}subjects {2}7$/m);
    assert.match(first.stdout, /^ {2}versions {2}10 copied, 0 already present, 1 soft-deleted as in the source$/m);
    assert.deepEqual(await dumpRegistry(target.url), sourceDump);

    const second = run(['import', '--from', source.url, '--registry', target.url, '--json']);
    assert.equal(second.status, 0, second.stdout + second.stderr);
    const summary = summaryOf(second);
    assert.deepEqual(summary.versions, { copied: 0, alreadyPresent: 10, softDeleted: 0 });
    assert.equal(summary.configs.set, 0);
    assert.equal(summary.modes.set, 0);
    assert.deepEqual(summary.resumed, []);
    assert.deepEqual(await dumpRegistry(target.url), sourceDump);

    const check = run(['import', '--from', source.url, '--registry', target.url, '--check']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /^✓ .* holds what .* holds: 7 subjects, 10 versions, their configs and modes$/m);
  });

  it('stops before writing anything when the target holds a version differently, naming subject, version and id (exit 2)', async () => {
    const target = await serve();
    await register(target.url, 'ops-orders-value', avro({ type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] }));
    // Id 2 here is another schema than the source's id 2 (which ops-orders-copy shares).
    await register(target.url, 'ops-local', avro({ type: 'record', name: 'Local', fields: [{ name: 'l', type: 'int' }] }));
    const before = await dumpRegistry(target.url);
    const out = run(['import', '--from', source.url, '--registry', target.url]);
    assert.equal(out.status, 2, out.stdout + out.stderr);
    assert.match(out.stderr, /nothing imported/);
    assert.match(out.stderr, /subject 'ops-orders-value' version 1 \(source id 2\): the target holds this version with id 1$/m);
    assert.match(out.stderr, /subject 'ops-orders-copy' version 1 \(source id 2\): the target's id 2 holds another schema \(subject 'ops-local' version 1\)$/m);
    assert.deepEqual(await dumpRegistry(target.url), before);

    const check = run(['import', '--from', source.url, '--registry', target.url, '--check', '--json']);
    assert.equal(check.status, 2, check.stderr);
    assert.equal(check.json.identical, false);
    assert.ok(check.json.differences.some((d: any) => d.kind === 'different' && d.subject === 'ops-orders-value' && d.version === 1), check.stdout);
    assert.ok(check.json.differences.some((d: any) => d.kind === 'missing' && d.subject === 'ops-events'), check.stdout);
  });

  it('an import killed half-way leaves the subject in IMPORT mode; run again, it says so, finishes, and the result is identical', async () => {
    const target = await serve();
    const proxy = await holdingProxy(target.url, 4);
    try {
      const killed = startCli(['import', '--from', source.url, '--registry', proxy.url], NO_SOURCE_CREDENTIALS);
      await Promise.race([proxy.held, killed.exited.then((code) => assert.fail(`the import ended (${code}) before it was held:\n${killed.output()}`))]);
      assert.equal(await killed.kill(), 'SIGKILL');
    } finally {
      await proxy.close();
    }
    assert.equal(await versionCount(target.url), 4);
    const halfway = run(['import', '--from', source.url, '--registry', target.url, '--check']);
    assert.equal(halfway.status, 2, halfway.stdout + halfway.stderr);
    assert.match(halfway.stdout, /mode: source (none of its own|READWRITE|READONLY), target IMPORT$/m);

    const resumed = run(['import', '--from', source.url, '--registry', target.url, '--json']);
    assert.equal(resumed.status, 0, resumed.stdout + resumed.stderr);
    const summary = summaryOf(resumed);
    assert.deepEqual(summary.versions, { copied: 6, alreadyPresent: 4, softDeleted: 1 });
    assert.ok(summary.resumed.length > 0, 'the summary names what the interrupted import left in IMPORT mode');
    assert.deepEqual(await dumpRegistry(target.url), sourceDump);
  });

  it('refuses a target whose validation mode is strict before writing anything', async () => {
    const target = await startServer({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' } });
    servers.push(target);
    const out = run(['import', '--from', source.url, '--registry', target.url]);
    assert.equal(out.status, 2, out.stdout + out.stderr);
    assert.match(out.stderr, /nothing imported: the target’s global validation mode is strict/);
    assert.deepEqual(await (await fetch(`${target.url}/subjects?deleted=true`)).json(), []);
    assert.deepEqual(await (await fetch(`${target.url}/mode`)).json(), { mode: 'READWRITE' });
  });

  it('--subject-prefix copies those subjects and the subjects they reference, and leaves the global config and mode alone', async () => {
    const target = await serve();
    const out = run(['import', '--from', source.url, '--registry', target.url, '--subject-prefix', 'ops-orders', '--json']);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.deepEqual(((await (await fetch(`${target.url}/subjects?deleted=true`)).json()) as string[]).sort(), ['ops-orders-copy', 'ops-orders-value', 'ops-z-money']);
    assert.deepEqual(await (await fetch(`${target.url}/mode`)).json(), { mode: 'READWRITE' });
    assert.equal(((await (await fetch(`${target.url}/config`)).json()) as any).compatibilityLevel, 'BACKWARD');
    const check = run(['import', '--from', source.url, '--registry', target.url, '--subject-prefix', 'ops-orders', '--check']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it('signs in to the source with SCHEMAGATE_FROM_USER/SCHEMAGATE_FROM_PASSWORD (or --from-user), never with the target’s variables', async () => {
    const dir = tempDir();
    const made = cli(['hash-password'], { input: 'c0pier pass\n' });
    assert.equal(made.status, 0, made.stderr);
    const config = join(dir, 'schemagate.yaml');
    writeFileSync(config, ['auth:', '  enabled: true', '  users:', `    - { name: copier, passwordHash: "${made.stdout.trim()}", roles: [reader] }`].join('\n'));
    const guarded = await startServer({ args: ['--config', config] });
    servers.push(guarded);
    const target = await serve();

    const refused = run(['import', '--from', guarded.url, '--registry', target.url], { SCHEMAGATE_USER: 'copier', SCHEMAGATE_PASSWORD: 'c0pier pass' });
    assert.equal(refused.status, 2, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /source registry .*401.*SCHEMAGATE_FROM_USER and SCHEMAGATE_FROM_PASSWORD, or SCHEMAGATE_FROM_TOKEN/s);

    const noPassword = run(['import', '--from', guarded.url, '--registry', target.url, '--from-user', 'copier']);
    assert.equal(noPassword.status, 2);
    assert.match(noPassword.stderr, /--from-user needs the password in SCHEMAGATE_FROM_PASSWORD/);

    const signedIn = run(['import', '--from', guarded.url, '--registry', target.url, '--from-user', 'copier', '--check'], { SCHEMAGATE_FROM_PASSWORD: 'c0pier pass' });
    assert.equal(signedIn.status, 0, signedIn.stdout + signedIn.stderr);
    const byEnv = run(['import', '--from', guarded.url, '--registry', target.url, '--check'], { SCHEMAGATE_FROM_USER: 'copier', SCHEMAGATE_FROM_PASSWORD: 'c0pier pass' });
    assert.equal(byEnv.status, 0, byEnv.stdout + byEnv.stderr);
  });
});

describe('schemagate export <dir> and import --from-dir', () => {
  it('writes one file per version with its metadata, and import --from-dir re-creates an identical registry', async () => {
    const dir = join(tempDir(), 'export');
    const out = run(['export', dir, '--registry', source.url]);
    assert.equal(out.status, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /7 subjects, 10 versions \(1 soft-deleted\)/);
    const registry = JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8'));
    assert.equal(registry.mode, 'READONLY');
    assert.equal(registry.config.compatibilityLevel, 'BACKWARD_TRANSITIVE');
    const orders = join(dir, 'subjects', 'ops-orders-value');
    assert.ok(existsSync(join(orders, 'v1.avsc')));
    const v3 = JSON.parse(readFileSync(join(orders, 'v3.meta.json'), 'utf8'));
    assert.equal(v3.deleted, true);
    assert.deepEqual(v3.references, [{ name: 'ops.Money', subject: 'ops-z-money', version: 1 }]);
    assert.deepEqual(readdirSync(join(dir, 'subjects', 'ops-events')).sort(), ['subject.json', 'v1.meta.json', 'v1.schema.json', 'v3.meta.json', 'v3.schema.json']);
    assert.ok(existsSync(join(dir, 'subjects', 'ops-proto-order', 'v1.proto')));

    const target = await serve();
    const imported = run(['import', '--from-dir', dir, '--registry', target.url]);
    assert.equal(imported.status, 0, imported.stdout + imported.stderr);
    assert.deepEqual(await dumpRegistry(target.url), sourceDump);
    const check = run(['import', '--from-dir', dir, '--registry', target.url, '--check']);
    assert.equal(check.status, 0, check.stdout + check.stderr);

    const again = run(['export', dir, '--registry', source.url]);
    assert.equal(again.status, 2, 'an export never writes into a directory that holds files');
    assert.match(again.stderr, /is not empty/);
  });

  it('gives a subject named with / and .. a safe directory name, and the name round-trips', () => {
    const dir = join(tempDir(), 'export');
    assert.equal(run(['export', dir, '--registry', source.url]).status, 0);
    for (const name of readdirSync(join(dir, 'subjects'))) {
      assert.match(name, /^[A-Za-z0-9_%~-][A-Za-z0-9._%~-]*$/, `${name} is safe in a file name`);
    }
    const weird = subjectDirName(WEIRD);
    assert.equal(weird, 'ops%2F..%2Fweird%3Aname');
    assert.equal(JSON.parse(readFileSync(join(dir, 'subjects', weird, 'subject.json'), 'utf8')).subject, WEIRD);
    for (const subject of [WEIRD, '..', '.', '/', ':.ctx:orders', '100%', 'Ünï~code*', 'a\\b']) {
      const name = subjectDirName(subject);
      assert.ok(!name.includes('/') && !name.includes('\\') && !name.startsWith('.'), name);
      assert.equal(subjectOfDirName(name), subject);
    }
    // Too long for a file system, or differing only in case from one already taken: hashed, and the name lives in subject.json.
    const taken = new Set<string>();
    assert.equal(subjectDirName('Orders', taken), 'Orders');
    assert.notEqual(subjectDirName('orders', taken).toLowerCase(), 'orders');
    assert.ok(subjectDirName('x'.repeat(4000)).length <= 120);
  });
});

describe('export and import refuse file names a hostile registry or export directory gives', () => {
  it('import --from-dir refuses meta.file or a subject directory pointing outside the export (exit 2, naming the value)', async () => {
    const target = await serve();
    const craft = (metaFile: unknown, dir = 'subjects/evil', version: unknown = 1) => {
      const root = join(tempDir(), 'export');
      mkdirSync(join(root, 'subjects', 'evil'), { recursive: true });
      writeFileSync(join(root, 'registry.json'), JSON.stringify({ format: 'schemagate-export/1', subjects: [{ subject: 'evil', dir }] }));
      writeFileSync(join(root, 'subjects', 'evil', 'subject.json'), JSON.stringify({ subject: 'evil' }));
      writeFileSync(join(root, 'subjects', 'evil', 'v1.avsc'), '"string"');
      writeFileSync(join(root, 'subjects', 'evil', 'v1.meta.json'), JSON.stringify({ subject: 'evil', version, id: 1, schemaType: 'AVRO', references: [], deleted: false, file: metaFile }));
      return root;
    };
    const cases: Array<[string, RegExp]> = [
      [craft('../../etc/passwd'), /file "\.\.\/\.\.\/etc\/passwd" is not a schema file name/],
      [craft('/etc/passwd'), /file "\/etc\/passwd" is not a schema file name/],
      [craft('v1.avsc', '../../etc'), /subject directory "\.\.\/\.\.\/etc" is not a name under subjects\//],
      [craft('v1.avsc', 'subjects/evil', 1.5), /version 1\.5 is not a positive integer/],
    ];
    for (const [dir, message] of cases) {
      const refused = run(['import', '--from-dir', dir, '--registry', target.url]);
      assert.equal(refused.status, 2, refused.stdout + refused.stderr);
      assert.match(refused.stderr, message);
    }
    assert.deepEqual(await call(target.url, 'GET', '/subjects'), []);
    // The same directory with an honest meta.file imports.
    assert.equal(run(['import', '--from-dir', craft('v1.avsc'), '--registry', target.url]).status, 0);
  });

  it('export refuses a version number from the source that is not a positive integer, writing nothing', async () => {
    const { createServer } = await import('node:http');
    const hostile = createServer((req, res) => {
      const url = req.url ?? '';
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url === '/subjects' || url.startsWith('/subjects?')) return send(200, ['evil']);
      if (url.startsWith('/subjects/evil/versions?deleted=true')) return send(200, ['../../../tmp/pwned']);
      if (url === '/subjects/evil/versions') return send(200, []);
      if (url.startsWith('/config') || url.startsWith('/mode')) return send(404, { error_code: 40401, message: 'not found' });
      return send(200, { id: 1, schema: '"string"' });
    });
    await new Promise<void>((ok) => hostile.listen(0, '127.0.0.1', () => ok()));
    try {
      const { port } = hostile.address() as { port: number };
      const dir = join(tempDir(), 'export');
      // Asynchronously: this process answers as the source meanwhile.
      const refused = startCli(['export', dir, '--registry', `http://127.0.0.1:${port}`], NO_SOURCE_CREDENTIALS);
      assert.equal(await refused.exited, 2, refused.output());
      assert.match(refused.output(), /version "\.\.\/\.\.\/\.\.\/tmp\/pwned" for subject 'evil': not a positive integer/);
      assert.equal(existsSync(dir), false);
    } finally {
      hostile.close();
    }
  });
});

describe('docs/operations/moving-from-confluent.md', () => {
  const hasCurl = spawnSync('curl', ['--version']).status === 0;
  it('runs every shell block as written: rehearse, freeze, import the rest, check, export, unfreeze', { skip: !hasCurl && 'curl is not installed' }, async () => {
    const confluent = await serve();
    await populate(confluent.url);
    await call(confluent.url, 'PUT', '/mode', { mode: 'READWRITE' });
    const target = await serve();
    const workspace = tempDir('schemagate-guide-');
    mkdirSync(join(workspace, 'bin'));
    writeFileSync(join(workspace, 'bin', 'schemagate'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(workspace, 'bin', 'schemagate'), 0o755);
    const text = readFileSync(join(import.meta.dirname, '../../docs/operations/moving-from-confluent.md'), 'utf8');
    const blocks = [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    assert.equal(blocks.length, 6, 'rehearse, freeze, import, check, export, unfreeze');
    // Confluent stays live after the rehearsal: a version registered then must arrive with the final import.
    const liveWrite = `"${process.execPath}" -e 'fetch(process.env.CONFLUENT_URL + "/subjects/ops-late/versions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ schema: "{\\"type\\":\\"record\\",\\"name\\":\\"Late\\",\\"fields\\":[]}" }) }).then((r) => process.exit(r.ok ? 0 : 1))'`;
    const script = ['set -euo pipefail', blocks[0], liveWrite, ...blocks.slice(1)].join('\n');
    const ran = spawnSync('bash', ['-c', script], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...NO_SOURCE_CREDENTIALS,
        PATH: `${join(workspace, 'bin')}:${process.env.PATH}`,
        CONFLUENT_URL: confluent.url,
        CONFLUENT_API_KEY: 'key',
        CONFLUENT_API_SECRET: 'secret',
        SCHEMAGATE_URL: target.url,
        SCHEMAGATE_USER: 'root',
        SCHEMAGATE_PASSWORD: 'root-pw',
      },
      timeout: 120_000,
    });
    assert.equal(ran.status, 0, `${ran.stderr}\n${ran.stdout}`);
    assert.match(ran.stdout, /^ {2}versions {2}1 copied, 10 already present, 0 soft-deleted as in the source$/m);
    assert.match(ran.stdout, /^✓ .* holds what .* holds: 8 subjects, 11 versions, their configs and modes$/m);
    assert.ok(existsSync(join(workspace, 'confluent-final', 'registry.json')));
    // Identical, but for the freeze: Confluent stays READONLY, schemagate takes registrations.
    const [left, arrived] = [(await dumpRegistry(confluent.url)) as any, (await dumpRegistry(target.url)) as any];
    assert.deepEqual(left.mode, { mode: 'READONLY' });
    assert.deepEqual(arrived.mode, { mode: 'READWRITE' });
    assert.deepEqual({ ...arrived, mode: undefined }, { ...left, mode: undefined });
  });
});
