import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { hashPassword } from '../../src/server/auth/secrets.ts';
import { BIN, startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * Every ```sh block of the README and of the runbook, run as written, in
 * order, by bash, against a real `schemagate serve` with auth on, whose
 * clock moves past the 48 h canary window before the promotion (see
 * helpers/time-travel.mjs). Lines starting with `npm ` are what CI itself
 * runs (.ci/run: npm ci, npm test); `npx schemagate serve` is the server this
 * test starts. Nothing else is skipped, so the docs cannot drift from the code.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const RUNBOOK = 'docs/operations/schema-registry-governance.md';
const USERS = { alice: ['author'], bob: ['data-platform'], carol: ['strategy-owner'], rita: ['reader'], walt: ['writer'], root: ['admin'] };

let server: RunningServer;
let workspace: string;
before(async () => {
  workspace = tempDir('schemagate-docs-');
  const config = join(workspace, 'schemagate.yaml');
  writeFileSync(
    config,
    [
      'auth:',
      '  enabled: true',
      '  users:',
      ...Object.entries(USERS).map(([name, roles]) => `    - { name: ${name}, passwordHash: "${hashPassword(`${name}-pw`)}", roles: [${roles.join(', ')}] }`),
    ].join('\n'),
  );
  server = await startServer({ args: ['--config', config], timeTravel: true });
});
after(async () => {
  await server.stop();
});

/** The ```sh blocks of a Markdown file, in order. */
function shellBlocks(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^( *)```sh\n([\s\S]*?)^\1```$/gm)].map((m) => m[2].replace(new RegExp(`^${m[1]}`, 'gm'), ''));
}

async function seed(): Promise<void> {
  const order = (extra: Record<string, unknown>) => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { id: { type: 'string' }, amount: { type: 'number' }, ...extra },
    required: ['id', 'amount'],
    additionalProperties: false,
  });
  const res = await fetch(`${server.url}/subjects/orders/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('walt:walt-pw').toString('base64')}` },
    body: JSON.stringify({ schemaType: 'JSON', schema: JSON.stringify(order({})) }),
  });
  assert.equal(res.status, 200);
  mkdirSync(join(workspace, 'schemas'));
  mkdirSync(join(workspace, 'samples'));
  mkdirSync(join(workspace, 'docs/operations'), { recursive: true });
  writeFileSync(join(workspace, 'schemas/orders.schema.json'), `${JSON.stringify(order({ currency: { type: 'string' } }), null, 2)}\n`);
  writeFileSync(join(workspace, 'samples/orders.ndjson'), ['{"id":"o-1","amount":3.5,"currency":"EUR"}', '{"id":"o-2","amount":1}', ''].join('\n'));
  cpSync(join(ROOT, RUNBOOK), join(workspace, RUNBOOK));
  const bin = join(workspace, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'schemagate'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, 'schemagate'), 0o755);
}

it('runs every shell block of the runbook and the README, as written', async () => {
  await seed();
  const blocks = [...shellBlocks(RUNBOOK), ...shellBlocks('README.md')];
  assert.ok(blocks.length >= 7, `found ${blocks.length} blocks`);
  const script = ['set -euo pipefail', 'npx() { "$@"; }'];
  blocks.forEach((block, i) => {
    const lines = block.split('\n').filter((line) => !/^npm /.test(line) && !/schemagate serve/.test(line));
    // The canary window is 48 h: the server's clock moves past it first.
    if (block.includes('cr promote')) script.push(`kill -USR2 ${server.child.pid}`, 'sleep 0.2');
    script.push(`echo "### block ${i + 1}" >&2`, ...lines);
  });
  const run = spawnSync('bash', ['-c', script.join('\n')], {
    cwd: workspace,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${join(workspace, 'bin')}:${process.env.PATH}`,
      QMTL_SCHEMA_REGISTRY_URL: server.url,
      SCHEMAGATE_USER: 'rita',
      SCHEMAGATE_PASSWORD: 'rita-pw',
      ALICE_PASSWORD: 'alice-pw',
      BOB_PASSWORD: 'bob-pw',
      CAROL_PASSWORD: 'carol-pw',
      ROOT_PASSWORD: 'root-pw',
      NEW_PASSWORD: 'a new password',
      PR_URL: 'https://git.example/acme/schemas/pull/12',
    },
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `${run.stderr}\n${run.stdout}`);
  const doc = readFileSync(join(workspace, RUNBOOK), 'utf8');
  const rows = doc.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Date'));
  assert.equal(rows.length, 3, doc);
  assert.match(rows[0], /\| https:\/\/git\.example\/acme\/schemas\/issues\/9 \| none \(incident\) \| strict set by hand during the incident \|$/);
  assert.match(rows[1], /^\| \d{4}-\d{2}-\d{2} \| [0-9a-f]{64} \| https:\/\/git\.example\/acme\/schemas\/pull\/12 \| 49h(\d+m)? canary \| no validation failures observed \|$/);
  assert.equal(rows[2], '| _TBD_ |  |  |  |  |');
  assert.match(run.stdout, /audit log verified: 1 entries/);
  assert.match(run.stdout, /no drift: 1 schema files match the registry, and the audit table matches its log/);
});
