import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm test’s summary', () => {
  it('counts and names skipped suites and tests with their reasons, which node:test’s own summary leaves at 0 for suites', () => {
    const run = spawnSync(process.execPath, ['scripts/run-tests.js', 'test/fixtures/run-tests/skips.fixture.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      // Set, so the runner does not start a PostgreSQL cluster for a file that needs none.
      env: {
        ...withoutTestContext(process.env),
        SCHEMAGATE_TEST_POSTGRES_URL: process.env.SCHEMAGATE_TEST_POSTGRES_URL ?? 'postgres://127.0.0.1:1/unused',
      },
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /ℹ skipped in all: 2 \(1 suites, 1 tests\)/);
    assert.match(run.stdout, /﹣ suite "a suite that needs data this machine lacks" \(test\/fixtures\/run-tests\/skips\.fixture\.ts\): no data at \.\.\/elsewhere/);
    assert.match(run.stdout, /﹣ test "a test skipped on purpose" \(test\/fixtures\/run-tests\/skips\.fixture\.ts\): not on this platform/);
  });
});

/** node:test marks its child processes with NODE_TEST_CONTEXT; a nested run with it set would report to us, not print. */
function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _, ...rest } = env;
  return rest;
}
