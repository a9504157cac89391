import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cli, closedObject, registerJson } from '../helpers/cli.ts';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/** diff, reports and compat-ids: the governance read API from the terminal. */
let server: RunningServer;
let reg: string[];
before(async () => {
  server = await startServer();
  reg = ['--registry', server.url];
  // v1 → v2 compatible (adds to nothing closed), v2 → v3 breaking (a property removed from a closed model).
  for (const schema of [
    closedObject({ id: { type: 'string' }, qty: { type: 'integer' } }),
    { ...closedObject({ id: { type: 'string' }, qty: { type: 'integer' } }), description: 'fills' },
    { ...closedObject({ id: { type: 'string' } }), description: 'fills' },
  ]) {
    assert.equal((await registerJson(server.url, 'hist-fills', schema)).status, 200);
  }
});
after(async () => {
  await server.stop();
});

const api = async (path: string): Promise<any> => (await fetch(`${server.url}${path}`)).json();

describe('schemagate diff, reports, compat-ids', () => {
  it('diff compares the latest version with the one before, one line per difference; --from/--to pick others; --json is the API answer', async () => {
    const latest = cli(['diff', 'hist-fills', ...reg]);
    assert.equal(latest.status, 0, latest.stderr);
    const lines = latest.stdout.trim().split('\n');
    assert.match(lines[0], /^hist-fills version 2 \(id \d+\) → version 3 \(id \d+\): INCOMPATIBLE under BACKWARD \(STRICT\)$/);
    assert.ok(lines.some((l) => /^! PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/qty: \S/.test(l)), latest.stdout);
    const picked = cli(['diff', 'hist-fills', '--from', '1', '--to', '2', ...reg]);
    assert.match(picked.stdout, /^hist-fills version 1 \(id \d+\) → version 2 \(id \d+\): compatible under BACKWARD/);
    const json = cli(['diff', 'hist-fills', '--from', '1', '--to', 'latest', '--json', ...reg]);
    assert.deepEqual(json.json, await api('/governance/subjects/hist-fills/diff?from=1&to=latest'));
    const bad = cli(['diff', 'hist-fills', '--from', 'first', ...reg]);
    assert.deepEqual([bad.status, bad.stderr.trim()], [2, "schemagate: --from must be a version number or latest, got 'first'"]);
    const none = cli(['diff', 'hist-fills', '--to', '1', ...reg]);
    assert.match(none.stderr, /hist-fills has no version before version 1 to compare with; give --from <version>/);
  });

  it('reports lists the validation reports newest first with what broke; --limit pages; --json is the API answer', async () => {
    const run = cli(['reports', 'hist-fills', ...reg]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'hist-fills: 3 of 3 validation reports, newest first');
    assert.match(lines[1], /^\S+ {2}registered canary {2}v3 {2}INCOMPATIBLE under BACKWARD \(vs version 2\)$/);
    assert.match(lines[2], /^ {4}PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/qty: \S/);
    assert.match(run.stdout, /v1 {2}compatible \(first version\)$/m);
    const page = cli(['reports', 'hist-fills', '--limit', '1', '--offset', '1', '--json', ...reg]);
    assert.deepEqual(page.json, await api('/governance/subjects/hist-fills/reports?limit=1&offset=1'));
    assert.equal(page.json.reports[0].version, 2);
    assert.match(cli(['reports', 'hist-fills', '--limit', '0', ...reg]).stderr, /--limit must be a whole number above 0/);
  });

  it('compat-ids prints each major with its versions and the break that started it', async () => {
    const run = cli(['compat-ids', 'hist-fills', ...reg]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines[0], 'hist-fills: current hist-fills@2');
    assert.match(lines[1], /^ {2}hist-fills@1 {2}versions 1–2 {2}since \S+$/);
    assert.match(lines[2], /^ {2}hist-fills@2 {2}version 3 {2}since \S+; new major at version 3 \(incompatible with 2\): PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/qty/);
    assert.deepEqual(cli(['compat-ids', 'hist-fills', '--json', ...reg]).json, await api('/governance/subjects/hist-fills/compat-ids'));
  });

  it('compat-ids says when a major began because the one before was deleted, not broken', async () => {
    const v1 = closedObject({ id: { type: 'string' } });
    assert.equal((await registerJson(server.url, 'hist-gone', v1)).status, 200);
    assert.equal((await registerJson(server.url, 'hist-gone', closedObject({ id: { type: 'integer' } }))).status, 200);
    assert.equal((await fetch(`${server.url}/subjects/hist-gone/versions/2`, { method: 'DELETE' })).status, 200);
    assert.equal((await registerJson(server.url, 'hist-gone', { ...v1, description: 'again' })).status, 200);
    const lines = cli(['compat-ids', 'hist-gone', ...reg]).stdout.trim().split('\n');
    assert.equal(lines[0], 'hist-gone: current hist-gone@3');
    assert.match(lines[3], /^ {2}hist-gone@3 {2}version 3 {2}since \S+; new major at version 3: every version of hist-gone@2 was deleted \(compatible with 1\)$/);
  });

  it('an unknown subject exits 2 and points at schemagate subjects', () => {
    for (const command of ['diff', 'reports', 'compat-ids']) {
      const run = cli([command, 'hist-nothing', ...reg]);
      assert.equal(run.status, 2, command);
      assert.equal(run.stderr, "schemagate: Subject 'hist-nothing' not found. (error 40401)\n  → schemagate subjects\n", command);
    }
  });
});
