import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';
import { pool, send } from './reliability-helpers.ts';

/**
 * Two instances on one PostgreSQL database, writers hammering a few
 * subjects through both: registrations of new and of already registered
 * schemas, deletes. Every answer is a success or a client error, never a
 * 5xx, and no id or version is handed out twice.
 */
const WRITES = 800;
const SUBJECTS = 4;

let a: RunningServer;
let b: RunningServer;

describe('two instances writing the same subjects on PostgreSQL', { skip: POSTGRES_SKIP }, () => {
  before(async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'schemagate.yaml'), `store: ${freshPostgresUrl()}\n`);
    [a, b] = await Promise.all([startServer({ args: ['--config', join(dir, 'schemagate.yaml')] }), startServer({ args: ['--config', join(dir, 'schemagate.yaml')] })]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it(`answers ${WRITES} concurrent writes on ${SUBJECTS} subjects without a 5xx, and hands out each id and version once`, async (t) => {
    const schema = (i: number) => JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'id', type: 'string' }, { name: `f${i}`, type: 'int', default: 0 }] });
    const started = performance.now();
    const answers = await pool(
      Array.from({ length: WRITES }, (_, i) => i),
      32,
      async (i) => {
        const server = i % 2 ? a : b;
        const subject = `hot-${i % SUBJECTS}`;
        // Mostly new schemas; some re-registrations of an earlier one, which must get its existing version.
        const body = JSON.stringify({ schema: schema(i % 7 === 0 ? i % SUBJECTS : i) });
        const res = await send(server.url, 'POST', `/subjects/${subject}/versions`, body);
        return { subject, status: res.status, text: res.text, body: res.status === 200 ? JSON.parse(res.text) : undefined };
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const byStatus = new Map<number, number>();
    for (const r of answers) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    t.diagnostic(`${WRITES} writes through two instances in ${seconds.toFixed(1)} s: ${[...byStatus].map(([s, n]) => `${s}×${n}`).join(' ')}`);
    assert.deepEqual(answers.filter((r) => r.status >= 500).map((r) => r.text).slice(0, 3), []);

    for (let s = 0; s < SUBJECTS; s++) {
      const subject = `hot-${s}`;
      const versions = JSON.parse((await send(a.url, 'GET', `/subjects/${subject}/versions`)).text) as number[];
      assert.deepEqual(versions, Array.from({ length: versions.length }, (_, i) => i + 1), `${subject}: versions 1..n without gaps`);
      const ids = new Map<number, number>();
      for (const version of versions) ids.set(version, JSON.parse((await send(b.url, 'GET', `/subjects/${subject}/versions/${version}`)).text).id);
      assert.equal(new Set(ids.values()).size, versions.length, `${subject}: one id per version`);
      for (const r of answers.filter((x) => x.subject === subject && x.body)) assert.equal(ids.get(r.body.version), r.body.id, `${subject} v${r.body.version}: the id answered is the id stored`);
    }
  });
});
