import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cli, closedObject as object, workspace } from '../helpers/cli.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/** The CLI as a subprocess against a real `schemagate serve` (auth off, so writes name a --user). */
let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const DOC_TEXT = '# Runbook\n\nIntro.\n\n## Strict Mode Audit Log\n\n| Date       | Schema Bundle SHA | Change Request | Validation Window | Notes |\n|------------|------------------|----------------|-------------------|-------|\n| _TBD_      |                  |                |                   |       |\n\nAfter the table.\n';

describe('schemagate check', () => {
  it('exits 0 when compatible and samples validate, 1 for canary-tolerated breaks, 2 under strict or for bad samples', async () => {
    const reg = ['--registry', server.url];
    await fetch(`${server.url}/subjects/check-orders/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schemaType: 'JSON', schema: JSON.stringify(object({ id: { type: 'string' }, n: { type: 'integer' } })) }) });
    const ok = workspace({ 'schemas/check-orders.schema.json': object({ id: { type: 'string' }, n: { type: 'integer' }, note: { type: 'string' } }), 'rows.ndjson': '{"id":"a","n":1}\n{"id":"b"}\n' });
    const good = cli(['check', 'schemas', '--samples', 'rows.ndjson', ...reg], { cwd: ok });
    assert.equal(good.status, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /✓ check-orders \(schemas\/check-orders\.schema\.json\): compatible with version 1 \(BACKWARD\), adds #\/properties\/note/);
    assert.match(good.stdout, /samples rows\.ndjson: 2 of 2 valid/);

    const breaking = workspace({ 'schemas/check-orders.schema.json': object({ id: { type: 'string' } }) });
    const canary = cli(['check', 'schemas', ...reg], { cwd: breaking });
    assert.equal(canary.status, 1, canary.stdout);
    assert.match(canary.stdout, /! check-orders .*INCOMPATIBLE under BACKWARD \(allowed in canary/);
    assert.match(canary.stdout, /PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/n \(vs version 1\)/);
    assert.equal(cli(['check', 'schemas', '--mode', 'strict', ...reg], { cwd: breaking }).status, 2);
    assert.equal(cli(['check', 'schemas', ...reg], { cwd: breaking, env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' } }).status, 2);
    // The runbook: "Configure governance with validation_mode or QMTL_SCHEMA_VALIDATION_MODE" — qmtl.yml beside the registry URL.
    writeFileSync(join(breaking, 'qmtl.yml'), `connectors:\n  schema_registry_url: ${server.url}\nvalidation_mode: strict\n`);
    const fromFile = cli(['check', 'schemas'], { cwd: breaking });
    assert.equal(fromFile.status, 2, 'validation_mode in qmtl.yml is honoured');
    assert.match(fromFile.stdout, /^registry http:\/\/127\.0\.0\.1:\d+ \(from connectors\.schema_registry_url in .*qmtl\.yml\); validation mode strict \(from validation_mode in .*qmtl\.yml; a subject the registry holds strict stays strict\)$/m);
    assert.equal(cli(['check', 'schemas'], { cwd: breaking, env: { QMTL_SCHEMA_VALIDATION_MODE: 'canary' } }).status, 1, 'the variable beats the file');
    assert.equal(cli(['check', 'schemas', '--mode', 'canary'], { cwd: breaking }).status, 1, 'the option beats both');
    // A canary from the environment never loosens a subject the registry holds strict.
    await fetch(`${server.url}/governance/subjects/check-orders/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'strict', user: 'root' }) });
    const held = cli(['check', 'schemas', '--mode', 'canary', ...reg], { cwd: breaking });
    assert.equal(held.status, 2, held.stdout);
    assert.match(held.stdout, /✗ check-orders .*refused in strict/);
    await fetch(`${server.url}/governance/subjects/check-orders/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'canary', user: 'root' }) });
    const noScheme = cli(['check', 'schemas', '--registry', '127.0.0.1:8081'], { cwd: breaking });
    assert.equal(noScheme.status, 2);
    assert.match(noScheme.stderr, /--registry needs a scheme: "127\.0\.0\.1:8081" has none; use http:\/\/127\.0\.0\.1:8081/);

    const bad = workspace({ 'schemas/check-orders.schema.json': object({ id: { type: 'string' }, n: { type: 'integer' } }), 'rows.ndjson': '{"id":"a","n":1}\n\n{"id":"b","n":"two"}\nnot json\n' });
    const rows = cli(['check', 'schemas', '--samples', 'check-orders=rows.ndjson', '--json', ...reg], { cwd: bad });
    assert.equal(rows.status, 2);
    const samples = rows.json.subjects[0].samples;
    assert.deepEqual([samples.total, samples.invalid, samples.firstInvalid.map((r: { line: number }) => r.line)], [3, 2, [3, 4]]);
    assert.match(samples.firstInvalid[0].issues[0].path, /\/n/);
  });

  it('reports an invalid schema with exit 2, works --offline, and says what is missing', () => {
    const dir = workspace({ 'a.schema.json': { type: 'objekt' }, 'b.avsc': { type: 'record', name: 'B', fields: [{ name: 'x', type: 'int' }] } });
    const run = cli(['check', '.', '--offline'], { cwd: dir });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /✗ a \(a\.schema\.json\): .*#\/type/);
    assert.match(run.stdout, /✓ b \(b\.avsc\): valid \(offline/);
    assert.match(run.stdout, /bundle SHA \(none: a schema is invalid\)/);
    const usage = cli(['check', 'nowhere'], { cwd: dir });
    assert.deepEqual([usage.status, usage.stderr.trim()], [2, 'schemagate: nowhere: no such file or directory']);
    const several = cli(['check', '.', '--samples', 'x.ndjson'], { cwd: dir });
    assert.match(several.stderr, /several schemas are checked; name the subject/);
  });
});

describe('schemagate bundle-sha', () => {
  it('prints the SHA the registry computes for the same bundle', async () => {
    const dir = workspace({
      'price.schema.json': { $id: 'https://x.example/price.schema.json', type: 'object', properties: { amount: { type: 'number' } } },
      'order.schema.json': { type: 'object', properties: { total: { $ref: 'https://x.example/price.schema.json' } } },
    });
    const run = cli(['bundle-sha', '.'], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    const schemas = ['price', 'order'].map((subject) => ({ subject, schemaType: 'JSON', schema: readFileSync(join(dir, `${subject}.schema.json`), 'utf8') }));
    const server_ = (await (await fetch(`${server.url}/governance/dry-run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schemas }) })).json()) as { bundleSha: string };
    assert.equal(run.stdout.trim(), server_.bundleSha);
    const qmtl = resolve(import.meta.dirname, '../../../shared/examples/qmtl/reference-schemas');
    if (existsSync(qmtl)) assert.equal(cli(['bundle-sha', qmtl]).stdout.trim(), '18fcd253f62815f9c30e9619b7f7f98c3f4d433e9a14281a8e3409d6639e5592');
  });
});

describe('schemagate audit-log', () => {
  const entry = (cr: string, notes = 'no failures') => ['--schema-bundle-sha', 'a'.repeat(64), '--change-request', cr, '--validation-window', '48h canary', '--notes', notes, '--date', '2026-11-20'];

  it('record --dry-run prints the result and leaves the file byte-identical; record twice keeps one row per change request', () => {
    const dir = workspace({ 'runbook.md': DOC_TEXT });
    const doc = join(dir, 'runbook.md');
    const preview = cli(['audit-log', 'record', ...entry('https://git.example/pr/1'), '--doc', doc, '--dry-run']);
    assert.equal(preview.status, 0, preview.stderr);
    assert.equal(readFileSync(doc, 'utf8'), DOC_TEXT);
    assert.match(preview.stdout, /\| 2026-11-20 \| a{64} \| https:\/\/git\.example\/pr\/1 \| 48h canary \| no failures \|\n\| _TBD_ \|  \|  \|  \|  \|\n\nAfter the table\.\n$/);
    assert.equal(cli(['audit-log', 'record', ...entry('https://git.example/pr/1'), '--doc', doc]).status, 0);
    assert.equal(cli(['audit-log', 'record', ...entry('https://git.example/pr/2'), '--doc', doc]).status, 0);
    assert.equal(cli(['audit-log', 'record', ...entry('https://git.example/pr/1', 'redone | twice'), '--doc', doc]).status, 0);
    const rows = readFileSync(doc, 'utf8').split('\n').filter((l) => /^\| (20|_TBD_)/.test(l));
    assert.deepEqual(rows, [
      `| 2026-11-20 | ${'a'.repeat(64)} | https://git.example/pr/1 | 48h canary | redone \\| twice |`,
      `| 2026-11-20 | ${'a'.repeat(64)} | https://git.example/pr/2 | 48h canary | no failures |`,
      '| _TBD_ |  |  |  |  |',
    ]);
    assert.ok(readFileSync(doc, 'utf8').startsWith('# Runbook\n\nIntro.\n'), 'the rest of the document is kept');
  });

  it('refuses a bad SHA, a bad date and a document without the table', () => {
    const dir = workspace({ 'plain.md': '# nothing here\n' });
    assert.match(cli(['audit-log', 'record', ...entry('x'), '--schema-bundle-sha', 'abc', '--doc', join(dir, 'plain.md')]).stderr, /must be a SHA-256/);
    assert.match(cli(['audit-log', 'record', ...entry('x'), '--date', 'yesterday', '--doc', join(dir, 'plain.md')]).stderr, /--date must be a day/);
    const noTable = cli(['audit-log', 'record', ...entry('x'), '--doc', join(dir, 'plain.md')]);
    assert.equal(noTable.status, 2);
    assert.match(noTable.stderr, /no audit table/);
    assert.equal(readFileSync(join(dir, 'plain.md'), 'utf8'), '# nothing here\n');
  });

  it('records in the registry too, exports, checks, and verify exits 2 on a tampered log', () => {
    const dir = workspace({ 'runbook.md': DOC_TEXT });
    const doc = join(dir, 'runbook.md');
    const reg = ['--registry', server.url];
    assert.equal(cli(['audit-log', 'check', '--doc', doc, ...reg]).status, 0, 'an empty log is in any table');
    const recorded = cli(['audit-log', 'record', ...entry('https://git.example/ops/3'), '--subjects', 'ops-a,ops-b', '--doc', doc, '--user', 'ops', ...reg]);
    assert.equal(recorded.status, 0, recorded.stderr);
    assert.match(recorded.stdout, /and in the registry's audit log \(entry \d+\)/);
    assert.equal(cli(['audit-log', 'check', '--doc', doc, ...reg]).status, 0);
    const stale = workspace({ 'runbook.md': DOC_TEXT });
    const missing = cli(['audit-log', 'check', '--doc', join(stale, 'runbook.md'), ...reg]);
    assert.equal(missing.status, 2);
    assert.match(missing.stdout, /lacks the audit entry for https:\/\/git\.example\/ops\/3/);
    assert.equal(cli(['audit-log', 'export', '--doc', join(stale, 'runbook.md'), ...reg]).status, 0);
    assert.equal(cli(['audit-log', 'check', '--doc', join(stale, 'runbook.md'), ...reg]).status, 0);
    assert.match(cli(['audit-log', 'export', ...reg]).stdout, /^\| Date \| Schema Bundle SHA/);
    assert.equal(cli(['audit-log', 'verify', ...reg]).status, 0);

    const db = new Database(join(server.dataDir, 'registry.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET entry_json = replace(entry_json, 'no failures', 'all good')").run();
    db.close();
    const verify = cli(['audit-log', 'verify', ...reg]);
    assert.equal(verify.status, 2);
    assert.match(verify.stdout, /✗ audit log broken at entry 1: the entry was edited/);
  });
});

describe('schemagate drift, cr and subjects', () => {
  it('is clean when files match, fails with rule ids when a file changes, warns on subjects not yet registered', async () => {
    const reg = ['--registry', server.url];
    const v1 = object({ id: { type: 'string' }, qty: { type: 'integer' } });
    const dir = workspace({ 'schemas/drift-fills.schema.json': v1 });
    await fetch(`${server.url}/subjects/drift-fills/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ schemaType: 'JSON', schema: JSON.stringify(v1) }) });
    // Other tests' subjects are in this registry too: list only what this test cares about.
    const clean = cli(['drift', '--schemas', 'schemas', '--json', ...reg], { cwd: dir });
    assert.deepEqual(clean.json.findings.filter((f: { kind: string }) => f.kind !== 'extra'), []);
    writeFileSync(join(dir, 'schemas/drift-fills.schema.json'), JSON.stringify(object({ id: { type: 'string' }, qty: { type: 'number' } })));
    writeFileSync(join(dir, 'schemas/drift-new.schema.json'), JSON.stringify(object({})));
    const dirty = cli(['drift', '--schemas', 'schemas', ...reg], { cwd: dir });
    assert.equal(dirty.status, 2);
    assert.match(dirty.stdout, /✗ schemas\/drift-fills\.schema\.json differs from version 1 of 'drift-fills'/);
    assert.match(dirty.stdout, /TYPE_NARROWED|TYPE_EXTENDED|TYPE_CHANGED/);
    assert.match(dirty.stdout, /! schemas\/drift-new\.schema\.json: subject 'drift-new' is not in the registry/);
  });

  it('drives a change request from the terminal', () => {
    const reg = ['--registry', server.url];
    const dir = workspace({ 'schemas/cli-cr.schema.json': object({ id: { type: 'string' } }), 'cli-cr.ndjson': '{"id":"x"}\n' });
    const id = cli(['cr', 'create', 'schemas', '--title', 'cli', '--reference', 'https://git.example/pr/77', '--samples', 'cli-cr.ndjson', '--user', 'alice', '--quiet', ...reg], { cwd: dir });
    assert.equal(id.status, 0, id.stderr);
    assert.match(id.stdout, /^\d+\n$/);
    const cr = id.stdout.trim();
    assert.equal(cli(['cr', 'dry-run', cr, '--user', 'alice', ...reg]).status, 0);
    const own = cli(['cr', 'approve', cr, '--role', 'data-platform', '--notes', 'mine', '--user', 'alice', ...reg]);
    assert.deepEqual([own.status, /authored change request .* \(error 40951\)/.test(own.stderr)], [2, true]);
    assert.equal(cli(['cr', 'approve', cr, '--role', 'data-platform', '--notes', 'ok', '--user', 'bob', ...reg]).status, 0);
    const shown = cli(['cr', 'show', cr, ...reg]);
    assert.match(shown.stdout, /approved as data-platform by bob: ok\n {2}needs approval from strategy-owner/);
    assert.match(cli(['cr', 'list', '--state', 'dry-run-passed', ...reg]).stdout, new RegExp(`^ *${cr} +dry-run-passed +cli`, 'm'));
    assert.equal(cli(['cr', 'withdraw', cr, '--user', 'alice', ...reg]).json, undefined);
    assert.equal(cli(['cr', 'show', cr, '--json', ...reg]).json.state, 'withdrawn');
    const subjects = cli(['subjects', '--prefix', 'drift-', ...reg]);
    assert.deepEqual(subjects.stdout.split('\n'), ['SUBJECT      LATEST  MODE    AUDITED  COMPAT ID', 'drift-fills  v1      canary  yes      drift-fills@1', '']);
  });

  it('needs a registry for registry commands, and has --help everywhere', () => {
    const none = cli(['drift', '--schemas', '.'], { cwd: tempDir() });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no registry to talk to: pass --registry <url>/);
    assert.match(cli(['subjects', '--registry', 'http://127.0.0.1:9']).stderr, /did not answer GET \/subjects/);
    for (const command of ['check', 'bundle-sha', 'register', 'drift', 'diff', 'reports', 'compat-ids', 'audit-log record', 'audit-log export', 'audit-log verify', 'audit-log check', 'cr create', 'cr edit', 'cr list', 'cr show', 'cr dry-run', 'cr approve', 'cr apply', 'cr promote', 'cr reject', 'cr withdraw', 'cr fail', 'subjects', 'hash-password', 'serve']) {
      const help = cli([...command.split(' '), '--help']);
      assert.equal(help.status, 0, command);
      assert.match(help.stdout, /^Usage: schemagate /, command);
    }
  });
});
