import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cli, closedObject, registerJson, workspace } from '../helpers/cli.ts';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/** `schemagate cr …` against a real `schemagate serve` (auth off: --user names the actor). */
let server: RunningServer;
let reg: string[];
before(async () => {
  server = await startServer();
  reg = ['--registry', server.url];
});
after(async () => {
  await server.stop();
});

const create = (dir: string, user: string, extra: string[] = [], title = 'cli') =>
  cli(['cr', 'create', 'schemas', '--title', title, '--reference', 'https://git.example/pr/12', '--user', user, ...extra, ...reg], { cwd: dir });

describe('schemagate cr, in the CLI’s terms', () => {
  it('create says which subjects the bundle changes; a failing dry-run is rendered from its evidence and names cr edit --major-change; edit fixes it', async () => {
    await registerJson(server.url, 'crc-orders', closedObject({ id: { type: 'string' }, n: { type: 'integer' } }));
    const same = closedObject({ sku: { type: 'string' } });
    await registerJson(server.url, 'crc-items', same);
    const dir = workspace({
      'schemas/crc-orders.schema.json': closedObject({ id: { type: 'string' } }),
      'schemas/crc-items.schema.json': same,
      'orders.ndjson': '{"id":"o-1"}\n{"id":2}\n',
    });
    const created = create(dir, 'alice', ['--samples', 'crc-orders=orders.ndjson']);
    assert.equal(created.status, 0, created.stderr);
    const id = /^change request (\d+) created \(draft\)/.exec(created.stdout)?.[1];
    assert.ok(id, created.stdout);
    assert.match(created.stdout, /^ {2}changes: crc-orders$/m);
    assert.match(created.stdout, /^ {2}schema unchanged, canary then strict: crc-items \(already version 1\)$|^ {2}leaves unchanged: crc-items \(already version 1\)$/m);
    assert.match(created.stdout, new RegExp(`not dry-run yet: schemagate cr dry-run ${id}`));

    const failed = cli(['cr', 'dry-run', id, '--user', 'alice', ...reg]);
    assert.equal(failed.status, 2, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /dry-run FAILED/);
    assert.match(failed.stdout, /^ {4}✗ crc-orders: incompatible with version 1$/m);
    assert.match(failed.stdout, /^ {8}PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at #\/properties\/n: /m);
    assert.match(failed.stdout, new RegExp(`intended\\? declare it: schemagate cr edit ${id} <files\\|dirs> --major-change crc-orders`));
    assert.match(failed.stdout, /^ {4}✗ crc-orders: 1 of 2 sample records do not validate\n {8}record 2: \/id /m);
    assert.match(failed.stdout, /^ {4}= crc-items: (schema unchanged|unchanged) \(already version 1/m);
    assert.doesNotMatch(failed.stdout, /majorChanges|POST \//);
    assert.equal(failed.stdout.match(/crc-orders: incompatible/g)?.length, 1, 'the evidence replaces the blocker line, not repeats it');

    const approveEarly = cli(['cr', 'approve', id, '--role', 'data-platform', '--notes', 'ok', '--user', 'bob', ...reg]);
    assert.equal(approveEarly.status, 2);
    assert.match(approveEarly.stderr, new RegExp(`→ schemagate cr dry-run ${id}$`, 'm'));
    assert.match(approveEarly.stderr, /declare it with --major-change/);
    assert.doesNotMatch(approveEarly.stderr, /POST \/governance|"majorChanges"/);

    const good = workspace({ 'schemas/crc-orders.schema.json': closedObject({ id: { type: 'string' } }), 'schemas/crc-items.schema.json': same, 'orders.ndjson': '{"id":"o-1"}\n' });
    const edited = cli(['cr', 'edit', id, 'schemas', '--major-change', 'crc-orders', '--samples', 'crc-orders=orders.ndjson', '--user', 'alice', ...reg], { cwd: good });
    assert.equal(edited.status, 0, edited.stderr);
    assert.match(edited.stdout, new RegExp(`^change request ${id} edited \\(draft\\)`));
    const shown = cli(['cr', 'show', id, '--json', ...reg]);
    assert.deepEqual(shown.json.majorChanges, ['crc-orders']);
    assert.equal(shown.json.dryRun, undefined, 'editing clears the dry-run');

    const passed = cli(['cr', 'dry-run', id, '--user', 'alice', ...reg]);
    assert.equal(passed.status, 0, passed.stdout);
    assert.match(passed.stdout, /^ {4}! crc-orders: incompatible with version 1, declared a major change \(--major-change crc-orders\)$/m);
    assert.match(passed.stdout, /^ {4}✓ crc-orders: 1 of 1 sample records valid$/m);
    assert.match(passed.stdout, /^ {2}changes: crc-orders$/m);
  });

  it('--samples and --major-change name what is wrong: a subject outside the bundle, a file that does not exist', () => {
    const dir = workspace({ 'schemas/crc-lone.schema.json': { type: 'object' }, 'rows.ndjson': '{}\n' });
    const stray = create(dir, 'alice', ['--samples', 'orders=rows.ndjson']);
    assert.equal(stray.status, 2);
    assert.equal(stray.stderr.trim(), "schemagate: --samples orders=rows.ndjson: 'orders' is not a subject of the schema files given (crc-lone); name one of them, or add its schema file");
    const missing = create(dir, 'alice', ['--samples', 'crc-lone=nope.ndjson']);
    assert.equal(missing.stderr.trim(), 'schemagate: --samples crc-lone=nope.ndjson: nope.ndjson: no such file');
    const missingPlain = create(dir, 'alice', ['--samples', 'nope.ndjson']);
    assert.equal(missingPlain.stderr.trim(), 'schemagate: --samples nope.ndjson: nope.ndjson: no such file');
    const major = create(dir, 'alice', ['--major-change', 'orders']);
    assert.equal(major.stderr.trim(), "schemagate: --major-change orders: 'orders' is not a subject of the schema files given (crc-lone)");
    const check = cli(['check', 'schemas', '--samples', 'orders=rows.ndjson', ...reg], { cwd: dir });
    assert.equal(check.status, 2);
    assert.match(check.stderr, /--samples orders=rows\.ndjson: 'orders' is not a subject of the schema files given \(crc-lone\)/);
    assert.equal(cli(['check', 'schemas', '--samples', 'crc-lone=nope.ndjson', ...reg], { cwd: dir }).stderr.trim(), 'schemagate: --samples crc-lone=nope.ndjson: nope.ndjson: no such file');
  });

  it('errors name the schemagate command to run, not the API', () => {
    const unknown = cli(['cr', 'show', '999999', ...reg]);
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, 'schemagate: Change request 999999 not found. (error 40450)\n  → schemagate cr list\n');
  });

  it('cr list --awaiting me|<role>: dry-run passed, missing that approval, for me neither mine nor approved by me', async () => {
    const ids: Record<string, string> = {};
    for (const name of ['await-a', 'await-b', 'await-c']) {
      const dir = workspace({ [`schemas/${name}.schema.json`]: { type: 'object', title: name } });
      const made = create(dir, 'alice', ['--quiet'], name);
      assert.equal(made.status, 0, made.stderr);
      ids[name] = made.stdout.trim();
    }
    // a: dry-run passed, no approval; b: dry-run passed, approved by bob as data-platform; c: draft.
    for (const name of ['await-a', 'await-b']) assert.equal(cli(['cr', 'dry-run', ids[name], '--user', 'alice', ...reg]).status, 0);
    assert.equal(cli(['cr', 'approve', ids['await-b'], '--role', 'data-platform', '--notes', 'ok', '--user', 'bob', ...reg]).status, 0);

    const awaiting = (...args: string[]) => {
      const run = cli(['cr', 'list', '--awaiting', ...args, '--json', ...reg]);
      assert.equal(run.status, 0, run.stderr);
      return run.json.map((cr: { title: string }) => cr.title).filter((t: string) => t.startsWith('await-')).sort();
    };
    assert.deepEqual(awaiting('strategy-owner'), ['await-a', 'await-b']);
    assert.deepEqual(awaiting('data-platform'), ['await-a']);
    assert.deepEqual(awaiting('me', '--user', 'alice'), [], 'the author is not asked to approve their own');
    assert.deepEqual(awaiting('me', '--user', 'bob'), ['await-a'], 'bob approved b already');
    assert.deepEqual(awaiting('me', '--user', 'carol'), ['await-a', 'await-b']);
    const text = cli(['cr', 'list', '--awaiting', 'data-platform', ...reg]);
    assert.match(text.stdout, new RegExp(`^ *${ids['await-a']} +dry-run-passed +await-a .*needs data-platform, strategy-owner$`, 'm'));
    assert.match(cli(['cr', 'list', '--awaiting', 'me', '--user', 'alice', ...reg]).stdout, /^no change requests awaiting your approval$/m);
  });

  it('cr list --awaiting with a role the policy does not require is refused in the CLI’s terms', () => {
    const run = cli(['cr', 'list', '--awaiting', 'janitor', ...reg]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^schemagate: Unknown approval role 'janitor' for --awaiting; use me or data-platform, strategy-owner\. \(error 400\)$/m);
  });
});
