import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateToken, hashPassword, hashToken } from '../../src/server/auth/secrets.ts';
import { SchemaRegistryError } from '../../src/client/client-errors.ts';
import { registryErrorInCliTerms } from '../../src/cli/registry-errors.ts';
import { cli, workspace } from '../helpers/cli.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * The registry's refusals in the CLI's terms, against a real server with
 * auth on and small size limits: sign-in names the variables the CLI reads,
 * a size refusal quotes the limit that applied.
 */
const MAX_SCHEMA_BYTES = 2_000;
const MAX_DRY_RUN_BYTES = 20_000;
const TOKEN = generateToken();
let server: RunningServer;
let reg: string[];
before(async () => {
  const config = join(tempDir('schemagate-cli-errors-'), 'schemagate.yaml');
  writeFileSync(
    config,
    [
      'registry:',
      `  maxSchemaBytes: ${MAX_SCHEMA_BYTES}`,
      `  maxDryRunBytes: ${MAX_DRY_RUN_BYTES}`,
      'auth:',
      '  enabled: true',
      '  users:',
      `    - { name: alice, passwordHash: "${hashPassword('alice-pw')}", roles: [author, writer] }`,
      `    - { name: rita, passwordHash: "${hashPassword('rita-pw')}", tokenHash: "${hashToken(TOKEN)}", roles: [reader] }`,
    ].join('\n'),
  );
  server = await startServer({ args: ['--config', config] });
  reg = ['--registry', server.url];
});
after(async () => {
  await server.stop();
});

const alice = { SCHEMAGATE_USER: 'alice', SCHEMAGATE_PASSWORD: 'alice-pw' };

describe('registry errors in the CLI', () => {
  it('a 401 names SCHEMAGATE_USER/SCHEMAGATE_PASSWORD or SCHEMAGATE_TOKEN, whether none were set or they were refused', () => {
    const none = cli(['subjects', ...reg]);
    assert.equal(none.status, 2);
    assert.equal(
      none.stderr.trim(),
      'schemagate: the registry requires sign-in (send HTTP Basic credentials or a bearer token (Authorization header)): set SCHEMAGATE_USER and SCHEMAGATE_PASSWORD, or SCHEMAGATE_TOKEN',
    );
    const wrong = cli(['subjects', ...reg], { env: { SCHEMAGATE_USER: 'alice', SCHEMAGATE_PASSWORD: 'nope' } });
    assert.equal(wrong.status, 2);
    assert.equal(wrong.stderr.trim(), "schemagate: the registry refused the user 'alice' (SCHEMAGATE_USER) with the password in SCHEMAGATE_PASSWORD (invalid user name or password)");
    const noPassword = cli(['subjects', ...reg], { env: { SCHEMAGATE_USER: 'alice' } });
    assert.match(noPassword.stderr, /refused the user 'alice' \(SCHEMAGATE_USER\) with the password in SCHEMAGATE_PASSWORD \(which is not set\)/);
    const token = cli(['subjects', ...reg], { env: { SCHEMAGATE_TOKEN: 'sgt_wrong' } });
    assert.match(token.stderr, /^schemagate: the registry refused the token in SCHEMAGATE_TOKEN \(the bearer token is not valid\); check it, or sign in with SCHEMAGATE_USER and SCHEMAGATE_PASSWORD instead$/m);
    assert.equal(cli(['subjects', ...reg], { env: { SCHEMAGATE_TOKEN: TOKEN } }).status, 0);
  });

  it('a missing role says which roles it needs and how to sign in as such a user', () => {
    const dir = workspace({ 'err-x.schema.json': { type: 'object' } });
    const run = cli(['register', '.', ...reg], { cwd: dir, env: { SCHEMAGATE_USER: 'rita', SCHEMAGATE_PASSWORD: 'rita-pw' } });
    assert.equal(run.status, 2);
    assert.match(run.stdout, /refused: User 'rita' may not register schemas: it needs one of the roles writer, admin\. \(error 40301\)\n {2}→ sign in as a user holding one of those roles \(SCHEMAGATE_USER and SCHEMAGATE_PASSWORD, or SCHEMAGATE_TOKEN\)/);
  });

  it('size refusals quote the limit that applied, as the registry words it', () => {
    const dir = workspace({ 'err-big.schema.json': { type: 'object', description: 'x'.repeat(3_000) } });
    const schema = cli(['register', '.', ...reg], { cwd: dir, env: alice });
    assert.equal(schema.status, 2);
    assert.match(schema.stdout, new RegExp(`✗ err-big \\(err-big\\.schema\\.json\\): refused: The schema is \\d+ bytes; the limit is ${MAX_SCHEMA_BYTES} bytes \\(registry\\.maxSchemaBytes\\)\\. \\(error 42209\\)`));

    const small = workspace({ 'schemas/err-small.schema.json': { type: 'object' }, 'rows.ndjson': `${JSON.stringify({ pad: 'y'.repeat(100) })}\n`.repeat(300) });
    const samples = cli(['cr', 'create', 'schemas', '--title', 't', '--reference', 'r', '--samples', 'rows.ndjson', ...reg], { cwd: small, env: alice });
    assert.equal(samples.status, 2);
    assert.match(samples.stderr, new RegExp(`^schemagate: The request body is \\d+ bytes; the limit is ${MAX_DRY_RUN_BYTES} bytes \\(registry\\.maxDryRunBytes\\)\\. \\(error 42209\\)$`, 'm'));
  });

  it('the translation table names the schemagate command for refusals that are hard to provoke here', () => {
    const say = (code: number, message: string, status = Math.floor(code / 100)) => registryErrorInCliTerms(new SchemaRegistryError(message, status, code), {});
    assert.equal(
      say(40962, "Subject 'orders' is in the canary window of change request 7: deleting version 2 would change what the window observes. Mark the canary failed first (POST /governance/change-requests/7/fail)."),
      "Subject 'orders' is in the canary window of change request 7: deleting version 2 would change what the window observes. Mark the canary failed first. (error 40962)\n  → schemagate cr fail 7 --notes \"…\" (ends that canary), or wait for its promotion",
    );
    assert.match(say(40957, 'Change request 4 saw 2 incompatible registration(s) during its canary window and cannot be promoted; mark it failed (POST …/fail) and open a new change request.'), /mark it failed and open a new change request\. \(error 40957\)\n {2}→ schemagate cr fail 4 --notes/);
    assert.match(say(40960, 'Change request 3 cannot be applied: since its dry-run the registry changed (x). Run its dry-run again.'), /changed \(x\)\. \(error 40960\)\n {2}→ schemagate cr dry-run 3$/);
    assert.match(say(40963, "Change request 5 cannot be promoted: subject 'a' is no longer in its canary window (x)."), /→ schemagate cr fail 5 /);
    assert.match(say(42253, `The change request is not valid: "majorChanges" names 'x', which has no schema in the bundle`), /--major-change names 'x'/);
    assert.equal(say(42255, 'Authentication is off: name the acting user in the body field "user" (it is recorded as unauthenticated).'), 'Authentication is off, so the registry needs the acting user named. (error 42255)\n  → pass --user <name>, or set SCHEMAGATE_USER');
    // Whatever the code, an endpoint left in a message becomes its command.
    for (const code of [0, 40950, 40954, 40957, 40962]) {
      const said = say(code, 'Change request 1: Run POST /governance/change-requests/1/dry-run and fix what it reports; then POST /governance/change-requests/1/approvals, or (POST …/fail), or record one with POST /governance/audit-log (or schemagate audit-log record).', 409);
      assert.doesNotMatch(said, /POST \/|POST …/, `${code}: ${said}`);
      assert.match(said, /schemagate cr (dry-run 1|approve 1)|Fix what its dry-run reports/, `${code}: ${said}`);
    }
  });
});
