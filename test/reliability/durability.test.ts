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

it(`keeps every acknowledged registration and audit entry across ${TRIALS} kill -9 trials under ${WRITERS} concurrent writers`, async (t) => {
  const dataDir = tempDir();
  const acked: Acknowledged = { registrations: [], audit: [] };
  let n = 0;
  for (let trial = 1; trial <= TRIALS; trial++) {
    const server = await startServer({ dataDir });
    let killed = false;
    const writer = async (w: number) => {
      while (!killed) {
        const i = n++;
        try {
          if (i % 10 === 9) {
            const res = await send(server.url, 'POST', '/governance/audit-log', JSON.stringify({
              user: 'ops', schemaBundleSha: (i % 16).toString(16).repeat(64), changeRequest: `https://git.example/pr/${i}`, validationWindow: '48h canary', subjects: [`durable-${w}`],
            }));
            if (res.status === 200) acked.audit.push({ seq: JSON.parse(res.text).seq, hash: JSON.parse(res.text).hash });
          } else {
            const subject = `durable-${i % 4}`;
            const schema = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'id', type: 'string' }, { name: `f${i}`, type: 'int', default: 0 }] });
            const res = await send(server.url, 'POST', `/subjects/${subject}/versions`, JSON.stringify({ schema }));
            if (res.status === 200) acked.registrations.push({ subject, version: JSON.parse(res.text).version, id: JSON.parse(res.text).id });
          }
        } catch {
          // The server went down under this request: it was never acknowledged.
        }
      }
    };
    const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await new Promise((done) => setTimeout(done, 1000 + ((trial * 137) % 500)));
    killed = true;
    await server.kill();
    await writing;
  }

  const server = await startServer({ dataDir });
  try {
    const lost: string[] = [];
    for (const { subject, version, id } of acked.registrations) {
      const res = await send(server.url, 'GET', `/subjects/${subject}/versions/${version}`);
      if (res.status !== 200 || JSON.parse(res.text).id !== id) lost.push(`${subject} v${version} (id ${id}): ${res.status} ${res.text.slice(0, 80)}`);
    }
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
  const acked: Array<{ subject: string; version: number; id: number }> = [];
  let n = 0;
  for (let trial = 1; trial <= TRIALS; trial++) {
    const server = await startServer({ dataDir });
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const subject = `grouped-${n++}`;
        const schema = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'id', type: 'string' }, { name: subject.replace('-', '_'), type: 'int', default: 0 }] });
        try {
          const res = await send(server.url, 'POST', `/subjects/${subject}/versions`, JSON.stringify({ schema }));
          if (res.status === 200) acked.push({ subject, version: JSON.parse(res.text).version, id: JSON.parse(res.text).id });
        } catch {
          // The server went down under this request: it was never acknowledged.
        }
      }
    };
    const writing = Promise.all(Array.from({ length: WRITERS }, writer));
    await new Promise((done) => setTimeout(done, 800 + ((trial * 211) % 400)));
    killed = true;
    await server.kill();
    await writing;
  }

  const server = await startServer({ dataDir });
  try {
    const lost: string[] = [];
    for (const { subject, version, id } of acked) {
      const res = await send(server.url, 'GET', `/subjects/${subject}/versions/${version}`);
      if (res.status !== 200 || JSON.parse(res.text).id !== id) lost.push(`${subject} v${version} (id ${id}): ${res.status} ${res.text.slice(0, 80)}`);
    }
    t.diagnostic(`${TRIALS} kill -9 trials: ${acked.length} acknowledged new-subject registrations, ${lost.length} lost`);
    assert.deepEqual(lost, []);
    assert.ok(acked.length > 0, 'the writers got answers before each kill');
  } finally {
    await server.stop();
  }
});
