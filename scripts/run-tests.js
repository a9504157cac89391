#!/usr/bin/env node
// `npm test`: every *.test.ts under src/ and test/, run by node:test through tsx.
// Node 20 neither finds .ts test files by itself nor expands quoted globs, so
// the file list is built here; a run that finds no files fails loudly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findPostgresBin, startPostgresCluster } from './postgres-cluster.js';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const files = [];
for (const root of roots) {
  if (root.endsWith('.ts')) {
    files.push(root);
    continue;
  }
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(join(entry.parentPath ?? entry.path, entry.name));
  }
}
files.sort();
if (files.length === 0) {
  console.error(`no test files found under ${roots.join(', ')}`);
  process.exit(1);
}
// The Postgres store's tests need a server: use SCHEMAGATE_TEST_POSTGRES_URL,
// else start a private cluster when PostgreSQL is installed (.ci/run installs
// it), else those tests say they are skipped and why.
const env = { ...process.env };
let cluster;
if (!env.SCHEMAGATE_TEST_POSTGRES_URL) {
  const bin = findPostgresBin();
  if (bin) {
    cluster = await startPostgresCluster(bin);
    env.SCHEMAGATE_TEST_POSTGRES_URL = cluster.url;
    console.log(`PostgreSQL for the tests: ${cluster.url} (${bin})`);
  } else {
    console.log('PostgreSQL is not installed: the Postgres store tests will be skipped (set SCHEMAGATE_TEST_POSTGRES_URL or install postgresql)');
  }
}

// A hung test fails after three minutes, and the whole run is stopped after
// WHOLE_RUN_LIMIT_MS: CI never waits forever. No --test-force-exit: on Node 20
// it ends a test file's process before its reporter has written everything,
// and results vanished from the summary without failing the run.
const WHOLE_RUN_LIMIT_MS = 30 * 60 * 1000;
const skippedLog = join(mkdtempSync(join(tmpdir(), 'schemagate-tests-')), 'skipped.jsonl');
const result = spawnSync(
  process.execPath,
  [
    // `import 'schemagate'` in a test means the sources, not a build that may be stale.
    '--conditions=schemagate-source',
    '--import',
    'tsx',
    '--test',
    '--test-timeout=180000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${pathToFileURL(join(import.meta.dirname, 'skipped-reporter.js')).href}`,
    `--test-reporter-destination=${skippedLog}`,
    ...files,
  ],
  { stdio: 'inherit', env, timeout: WHOLE_RUN_LIMIT_MS, killSignal: 'SIGKILL' },
);
if (result.error) console.error(`the test run was stopped: ${result.error.message} (a test file that never exits left a handle open)`);
cluster?.stop();
printSkipped(skippedLog);
rmSync(dirname(skippedLog), { recursive: true, force: true });
process.exit(result.status ?? 1);

/** What node:test's summary leaves out: skipped suites, and the reason for each skip. */
function printSkipped(log) {
  const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  const skipped = lines.map((line) => JSON.parse(line));
  const suites = skipped.filter((s) => s.suite).length;
  console.log(`ℹ skipped in all: ${skipped.length} (${suites} suites, ${skipped.length - suites} tests)`);
  for (const s of skipped) {
    console.log(`  ﹣ ${s.suite ? 'suite' : 'test'} "${s.name}" (${relative(process.cwd(), s.file ?? '?')}): ${s.reason || 'no reason given'}`);
  }
}
