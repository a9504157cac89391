import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../src/core/clock.ts';
import type { RegistryService } from '../../src/registry/registry-service.ts';
import { composeServer } from '../../src/server/compose-server.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { PostgresStore } from '../../src/store/postgres-store.ts';
import { SqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { sharedEngine } from '../helpers/shared-engine.ts';
import { tempDir } from '../helpers/start-server.ts';

/**
 * A promotion and an incompatible registration on the same subject at the
 * same moment. Before, on PostgreSQL both succeeded in 13 of 15 trials: the
 * subject ended strict with an incompatible latest version and an audit
 * entry saying 0 failures. Now the promotion locks the subjects a
 * registration locks and counts the window's failures inside that lock, so
 * one of them always loses: the registration meets strict (409), or it is a
 * failure of the window and the promotion is refused (40957).
 */
const TRIALS = 15;
const HOUR = 3_600_000;

interface Instance {
  app: FastifyInstance;
  registry: RegistryService;
}

async function instance(store: Store, clock: ManualClock): Promise<Instance> {
  const { app, services } = await composeServer({ store, clock, engine: sharedEngine(), logLevel: 'silent' });
  return { app, registry: services.registry };
}

async function call(on: Instance, method: string, url: string, body?: unknown) {
  const res = await on.app.inject({ method: method as 'POST', url, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { payload: JSON.stringify(body) }) });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

const record = (fields: Array<{ name: string; type: string; default?: unknown }>) => JSON.stringify({ type: 'record', name: 'Race', fields: [{ name: 'id', type: 'string' }, ...fields] });

async function race(a: Instance, b: Instance, clock: ManualClock, trial: number) {
  const subject = `race-${trial}`;
  assert.equal((await call(a, 'POST', `/subjects/${subject}/versions`, { schema: record([]) })).status, 200);
  const cr = (await call(a, 'POST', '/governance/change-requests', { user: 'alice', title: subject, reference: `pr/${trial}`, schemas: [{ subject, schemaType: 'AVRO', schema: record([{ name: 'n', type: 'int', default: 0 }]) }] })).body;
  const path = `/governance/change-requests/${cr.id}`;
  for (const [user, step, body] of [['alice', 'dry-run', {}], ['bob', 'approvals', { role: 'data-platform', notes: 'ok' }], ['carol', 'approvals', { role: 'strategy-owner', notes: 'ok' }], ['alice', 'apply', {}]] as const) {
    const res = await call(a, 'POST', `${path}/${step}`, { user, ...body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  clock.advance(49 * HOUR);
  // The id field changes type: incompatible with every version.
  const [promotion, registration] = await Promise.all([
    call(trial % 2 ? a : b, 'POST', `${path}/promote`, { user: 'bob' }),
    call(trial % 2 ? b : a, 'POST', `/subjects/${subject}/versions`, { schema: JSON.stringify({ type: 'record', name: 'Race', fields: [{ name: 'id', type: 'int' }] }) }),
  ]);
  const promoted = promotion.status === 200;
  const registered = registration.status === 200;
  assert.ok(!(promoted && registered), `trial ${trial}: both the promotion and the incompatible registration succeeded`);
  if (promoted) {
    assert.deepEqual([registration.status, registration.body.error_code], [409, 409], `trial ${trial}: the registration met strict`);
    assert.equal(promotion.body.auditEntry.evidence.failureCount, 0);
  } else {
    assert.deepEqual([promotion.status, promotion.body.error_code], [409, 40957], `trial ${trial}: the promotion saw the failure`);
    assert.equal(registration.body.report.compatible, false);
  }
  const status = (await call(b, 'GET', `/governance/subjects/${subject}`)).body;
  assert.equal(status.validationMode, promoted ? 'strict' : 'canary');
  return promoted ? 'promoted' : 'registered';
}

async function trials(a: Instance, b: Instance, clock: ManualClock): Promise<string> {
  const outcomes = { promoted: 0, registered: 0 };
  for (let trial = 1; trial <= TRIALS; trial++) outcomes[await race(a, b, clock, trial)]++;
  return `${TRIALS} trials: promotion won ${outcomes.promoted}, registration won ${outcomes.registered}, both never`;
}

describe('a promotion racing an incompatible registration', () => {
  const closing: Array<() => Promise<unknown>> = [];
  after(() => Promise.all(closing.map((close) => close())));

  it('never lets both succeed, on one SQLite store', async (t) => {
    const clock = new ManualClock();
    const one = await instance(new SqliteStore(`${tempDir()}/registry.db`), clock);
    closing.push(() => one.app.close(), () => one.registry.close());
    t.diagnostic(await trials(one, one, clock));
  });

  it('never lets both succeed, in memory', async (t) => {
    const clock = new ManualClock();
    const one = await instance(new MemoryStore(), clock);
    closing.push(() => one.app.close());
    t.diagnostic(await trials(one, one, clock));
  });

  describe('on PostgreSQL', { skip: POSTGRES_SKIP }, () => {
    let url: string;
    before(() => {
      url = freshPostgresUrl();
    });

    it('never lets both succeed with one instance', async (t) => {
      const clock = new ManualClock();
      const one = await instance(await PostgresStore.open(freshPostgresUrl()), clock);
      closing.push(() => one.app.close(), () => one.registry.close());
      t.diagnostic(await trials(one, one, clock));
    });

    it('never lets both succeed with two instances on one database', async (t) => {
      const clock = new ManualClock();
      const [a, b] = await Promise.all([PostgresStore.open(url), PostgresStore.open(url)]).then((stores) => Promise.all(stores.map((s) => instance(s, clock))));
      closing.push(() => a.app.close(), () => a.registry.close(), () => b.app.close(), () => b.registry.close());
      t.diagnostic(await trials(a, b, clock));
    });
  });
});
