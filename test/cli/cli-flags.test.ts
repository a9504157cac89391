import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, closedObject, registerJson, workspace } from '../helpers/cli.ts';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/** The flags every CI job leans on: --version, --json, --offline, --fail-on, --subject-prefix. */
let server: RunningServer;
let reg: string[];
before(async () => {
  server = await startServer();
  reg = ['--registry', server.url];
});
after(async () => {
  await server.stop();
});

describe('schemagate flags', () => {
  it('--version prints the version in package.json', () => {
    const version = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')).version;
    for (const flag of ['--version', '-V']) {
      const run = cli([flag]);
      assert.deepEqual([run.status, run.stdout], [0, `${version}\n`], flag);
    }
  });

  it('--json is on every command but serve', () => {
    const commands = ['check', 'bundle-sha', 'register', 'drift', 'subjects', 'diff', 'reports', 'compat-ids', 'hash-password', 'audit-log record', 'audit-log export', 'audit-log verify', 'audit-log check'];
    const crs = ['create', 'edit', 'list', 'show', 'dry-run', 'approve', 'apply', 'promote', 'reject', 'withdraw', 'fail'].map((c) => `cr ${c}`);
    for (const command of [...commands, ...crs]) assert.match(cli([...command.split(' '), '--help']).stdout, /--json/, command);
  });

  it('hash-password --json prints the hash (and a token with its hash) as JSON', () => {
    const password = cli(['hash-password', '--json'], { input: 'secret\n' });
    assert.equal(password.status, 0, password.stderr);
    assert.deepEqual(Object.keys(password.json), ['passwordHash']);
    assert.match(password.json.passwordHash, /^scrypt\$|^\$/);
    const token = cli(['hash-password', '--token', '--json']);
    assert.deepEqual(Object.keys(token.json), ['token', 'tokenHash']);
  });

  it('check without a registry fails and says how to name one; --offline validates files and samples only and says so', () => {
    const dir = workspace({ 'flag-a.schema.json': { type: 'object', properties: { n: { type: 'integer' } } }, 'rows.ndjson': '{"n":1}\n' });
    const none = cli(['check', '.'], { cwd: dir });
    assert.equal(none.status, 2);
    assert.equal(none.stdout, '');
    assert.equal(
      none.stderr.trim(),
      'schemagate: no registry to check compatibility against: pass --registry <url>, set connectors.schema_registry_url in qmtl.yml, or set QMTL_SCHEMA_REGISTRY_URL; or pass --offline to validate the files and samples only',
    );
    const offline = cli(['check', '.', '--offline', '--samples', 'rows.ndjson'], { cwd: dir });
    assert.equal(offline.status, 0, offline.stderr);
    assert.match(offline.stdout, /^✓ flag-a \(flag-a\.schema\.json\): valid \(offline: compatibility not checked\)$/m);
    assert.match(offline.stdout, /samples rows\.ndjson: 1 of 1 valid/);
    assert.match(offline.stdout, /^check passed \(offline: files and samples validated, compatibility with the registry not checked\)$/m);
    // --offline wins over a configured registry: nothing is asked of it.
    const ignored = cli(['check', '.', '--offline', '--json', '--registry', 'http://127.0.0.1:9'], { cwd: dir });
    assert.deepEqual([ignored.status, ignored.json.offline, ignored.json.registry], [0, true, null]);
  });

  it('check --fail-on errors lets a canary-tolerated break pass (exit 0), --fail-on warnings fails on it (exit 2); without the flag it exits 1', async () => {
    await registerJson(server.url, 'flag-orders', closedObject({ id: { type: 'string' }, n: { type: 'integer' } }));
    const dir = workspace({ 'flag-orders.schema.json': closedObject({ id: { type: 'string' } }) });
    assert.equal(cli(['check', '.', ...reg], { cwd: dir }).status, 1);
    assert.equal(cli(['check', '.', '--fail-on', 'errors', ...reg], { cwd: dir }).status, 0);
    assert.equal(cli(['check', '.', '--fail-on', 'warnings', ...reg], { cwd: dir }).status, 2);
    const bad = cli(['check', '.', '--fail-on', 'everything', ...reg], { cwd: dir });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Allowed choices are errors, warnings/);
  });

  it('drift --fail-on warnings (alias --strict) exits 2 on warnings; --subject-prefix compares only those subjects', async () => {
    const v1 = closedObject({ id: { type: 'string' } });
    await registerJson(server.url, 'dp-fills', v1);
    await registerJson(server.url, 'dp-orphan', v1);
    await registerJson(server.url, 'other-team', v1);
    const dir = workspace({ 'schemas/dp-fills.schema.json': v1 });
    const all = cli(['drift', '--schemas', 'schemas', '--json', ...reg], { cwd: dir });
    assert.ok(all.json.findings.some((f: { subject: string }) => f.subject === 'other-team'), 'without a prefix every registry subject counts');

    const scoped = cli(['drift', '--schemas', 'schemas', '--subject-prefix', 'dp-', '--json', ...reg], { cwd: dir });
    assert.equal(scoped.status, 1);
    assert.deepEqual(scoped.json.findings.map((f: { kind: string; subject: string }) => [f.kind, f.subject]), [['extra', 'dp-orphan']]);
    assert.equal(cli(['drift', '--schemas', 'schemas', '--subject-prefix', 'dp-', '--fail-on', 'warnings', ...reg], { cwd: dir }).status, 2);
    assert.equal(cli(['drift', '--schemas', 'schemas', '--subject-prefix', 'dp-', '--strict', ...reg], { cwd: dir }).status, 2);
    assert.equal(cli(['drift', '--schemas', 'schemas', '--subject-prefix', 'dp-', '--fail-on', 'errors', ...reg], { cwd: dir }).status, 0, 'an extra subject is a warning, and errors only fail');

    // A file outside the prefix is not compared either.
    writeFileSync(join(dir, 'schemas/zz-elsewhere.schema.json'), JSON.stringify({ type: 'object' }));
    const clean = cli(['drift', '--schemas', 'schemas', '--subject-prefix', 'dp-f', ...reg], { cwd: dir });
    assert.deepEqual([clean.status, clean.stdout], [0, "no drift: 1 schema files match the registry (subjects starting with 'dp-f')\n"]);
  });
});
