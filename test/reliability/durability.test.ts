import assert from 'node:assert/strict';
import { it } from 'node:test';
import { startServer, tempDir } from '../helpers/start-server.ts';
import { send } from './reliability-helpers.ts';

/**
 * kill -9 while eight writers register schemas and append audit entries:
 * everything that was answered 200 is there after the restart, with the
 * same id, version and hash. TRIALS runs in CI; `RELIABILITY_KILL_TRIALS=20`
 * runs the longer bench.
 */
const TRIALS = Number(process.env.RELIABILITY_KILL_TRIALS ?? 5);
const WRITERS = 8;

interface Acknowledged {
  registrations: Array<{ subject: string; version: number; id: number }>;
  audit: Array<{ seq: number; hash: string }>;
}

type Registration = { subject: string; version: number; id: number };

/**
 * Runs TRIALS rounds on one data directory: a server, WRITERS writers each
 * calling `write(url, writer)` until the server is killed with -9 after
 * `pauseMs(trial)`. A write that throws was never acknowledged.
 */
async function killTrials(dataDir: string, pauseMs: (trial: number) => number, write: (url: string, writer: number) => Promise<void>): Promise<void> {
  for (let trial = 1; trial <= TRIALS; trial++) {
    const server = await startServer({ dataDir });
    let killed = false;
    const writer = async (w: number) => {
      while (!killed) {
        try {
          await write(server.url, w);
        } catch {
          // The server went down under this request: it was never acknowledged.
        }
      }
    };
    const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await new Promise((done) => setTimeout(done, pauseMs(trial)));
    killed = true;
    await server.kill();
    await writing;
  }
}

/** Acknowledged registrations the restarted server does not have, with the id it answered. */
async function missingRegistrations(url: string, acked: readonly Registration[]): Promise<string[]> {
  const lost: string[] = [];
  for (const { subject, version, id } of acked) {
    const res = await send(url, 'GET', `/subjects/${subject}/versions/${version}`);
    if (res.status !== 200 || JSON.parse(res.text).id !== id) lost.push(`${subject} v${version} (id ${id}): ${res.status} ${res.text.slice(0, 80)}`);
  }
  return lost;
}

async function register(url: string, subject: string, schema: string, acked: Registration[]): Promise<void> {
  const res = await send(url, 'POST', `/subjects/${subject}/versions`, JSON.stringify({ schema }));
  if (res.status === 200) acked.push({ subject, version: JSON.parse(res.text).version, id: JSON.parse(res.text).id });
}

it(`keeps every acknowledged registration and audit entry across ${TRIALS} kill -9 trials under ${WRITERS} concurrent writers`, async (t) => {
  const dataDir = tempDir();
  const acked: Acknowledged = { registrations: [], audit: [] };
  let n = 0;
  await killTrials(dataDir, (trial) => 1000 + ((trial * 137) % 500), async (url, w) => {
    const i = n++;
    if (i % 10 === 9) {
      const res = await send(url, 'POST', '/governance/audit-log', JSON.stringify({
        user: 'ops', schemaBundleSha: (i % 16).toString(16).repeat(64), changeRequest: `https://git.example/pr/${i}`, validationWindow: '48h canary', subjects: [`durable-${w}`],
      }));
      if (res.status === 200) acked.audit.push({ seq: JSON.parse(res.text).seq, hash: JSON.parse(res.text).hash });
    } else {
      const schema = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'id', type: 'string' }, { name: `f${i}`, type: 'int', default: 0 }] });
      await register(url, `durable-${i % 4}`, schema, acked.registrations);
    }
  });

  const server = await startServer({ dataDir });
  try {
    const lost = await missingRegistrations(server.url, acked.registrations);
    const log = JSON.parse((await send(server.url, 'GET', '/governance/audit-log')).text).entries as Array<{ seq: number; hash: string }>;
    for (const entry of acked.audit) {
      if (log.find((e) => e.seq === entry.seq)?.hash !== entry.hash) lost.push(`audit entry ${entry.seq}`);
    }
    const verify = JSON.parse((await send(server.url, 'GET', '/governance/audit-log/verify')).text);
    t.diagnostic(`${TRIALS} kill -9 trials: ${acked.registrations.length} acknowledged registrations and ${acked.audit.length} audit entries, ${lost.length} lost; audit chain ${verify.ok ? 'verifies' : 'BROKEN'} (${verify.entries} entries)`);
    assert.deepEqual(lost, []);
    assert.ok(acked.registrations.length > 0 && acked.audit.length > 0, 'the writers got answers before each kill');
    assert.equal(verify.ok, true);
  } finally {
    await server.stop();
  }
});

it(`keeps every acknowledged registration of a new subject, group-committed under ${WRITERS} concurrent writers, across ${TRIALS} kill -9 trials`, async (t) => {
  // Each registration is a new subject: none waits on another's lock, so they
  // arrive together and share commits (GroupCommit); each was answered only
  // after the commit it was part of.
  const dataDir = tempDir();
  const acked: Registration[] = [];
  let n = 0;
  await killTrials(dataDir, (trial) => 800 + ((trial * 211) % 400), async (url) => {
    const subject = `grouped-${n++}`;
    const schema = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'id', type: 'string' }, { name: subject.replace('-', '_'), type: 'int', default: 0 }] });
    await register(url, subject, schema, acked);
  });

  const server = await startServer({ dataDir });
  try {
    const lost = await missingRegistrations(server.url, acked);
    t.diagnostic(`${TRIALS} kill -9 trials: ${acked.length} acknowledged new-subject registrations, ${lost.length} lost`);
    assert.deepEqual(lost, []);
    assert.ok(acked.length > 0, 'the writers got answers before each kill');
  } finally {
    await server.stop();
  }
});
