import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import type { GovernanceSnapshot } from '../../src/governance/governance-snapshot.ts';
import { GovernanceSnapshotReader } from '../../src/governance/governance-snapshot.ts';
import type { RegistryContext } from '../../src/registry/registry-context.ts';
import { DEFAULT_SETTINGS } from '../../src/registry/registry-context.ts';
import { GovernanceGauges } from '../../src/server/governance-gauges.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { ListSubjectsOptions, Store } from '../../src/store/store.ts';
import { apiHarness, avroRecord } from '../helpers/api-harness.ts';
import { parsePrometheus, sampleValue } from '../helpers/prometheus-text.ts';

/**
 * The governance gauges in-process: one store read per scrape at most,
 * shared by concurrent scrapes, cached for the TTL, read again after a
 * write; a failing or hung store never breaks /metrics.
 */
const SNAPSHOT: GovernanceSnapshot = {
  subjectsByMode: { canary: 3, strict: 2 },
  unaudited: 1,
  audit: { ok: true, entries: 4 },
  canaries: [{ changeRequest: 7, failures: [{ subject: 'orders', count: 2 }] }],
};

function gauges(read: () => Promise<GovernanceSnapshot>, options: { ttlMs?: number; timeoutMs?: number } = {}) {
  const registry = new Registry();
  let now = 0;
  const subject = new GovernanceGauges(registry, read, { ...options, now: () => now });
  return {
    subject,
    advance: (ms: number) => (now += ms),
    scrape: async () => parsePrometheus(await registry.metrics()),
  };
}

describe('governance gauges: caching and failures', () => {
  it('reads the store once for all gauges and concurrent scrapes, again after the TTL or a write', async () => {
    let reads = 0;
    let snapshot = SNAPSHOT;
    const g = gauges(async () => (reads++, snapshot), { ttlMs: 15_000 });
    const [samples] = await Promise.all([g.scrape(), g.scrape(), g.scrape()]);
    assert.equal(reads, 1);
    assert.equal(sampleValue(samples, 'schemagate_subjects', { mode: 'canary' }), 3);
    assert.equal(sampleValue(samples, 'schemagate_subjects', { mode: 'strict' }), 2);
    assert.equal(sampleValue(samples, 'schemagate_unaudited_subjects'), 1);
    assert.equal(sampleValue(samples, 'schemagate_audit_chain_ok'), 1);
    assert.equal(sampleValue(samples, 'schemagate_audit_entries'), 4);
    assert.equal(sampleValue(samples, 'schemagate_canary_windows_open'), 1);
    assert.equal(sampleValue(samples, 'schemagate_canary_failures', { change_request: '7', subject: 'orders' }), 2);
    g.advance(14_000);
    await g.scrape();
    assert.equal(reads, 1, 'within the TTL');
    g.advance(1_000);
    await g.scrape();
    assert.equal(reads, 2, 'after the TTL');
    snapshot = { ...SNAPSHOT, unaudited: 5 };
    g.subject.invalidate();
    const [first, second] = await Promise.all([g.scrape(), g.scrape()]);
    assert.equal(reads, 3, 'after a write');
    assert.deepEqual([sampleValue(first, 'schemagate_unaudited_subjects'), sampleValue(second, 'schemagate_unaudited_subjects')], [5, 5], 'both scrapes wait for the read under way');
  });

  it('drops the series of a canary window that closed', async () => {
    let snapshot = SNAPSHOT;
    const g = gauges(async () => snapshot, { ttlMs: 0 });
    assert.equal(sampleValue(await g.scrape(), 'schemagate_canary_failures', { subject: 'orders' }), 2);
    snapshot = { ...SNAPSHOT, canaries: [] };
    const samples = await g.scrape();
    assert.equal(sampleValue(samples, 'schemagate_canary_failures', { subject: 'orders' }), undefined);
    assert.equal(sampleValue(samples, 'schemagate_canary_windows_open'), 0);
  });

  it('keeps the last values and counts an error when a read fails; shows nothing before the first success', async () => {
    let fail = true;
    const g = gauges(async () => {
      if (fail) throw new Error('store down');
      return SNAPSHOT;
    }, { ttlMs: 0 });
    let samples = await g.scrape();
    assert.equal(sampleValue(samples, 'schemagate_audit_chain_ok'), undefined, 'unknown, not 0');
    assert.equal(sampleValue(samples, 'schemagate_governance_gauges_errors_total'), 1);
    fail = false;
    assert.equal(sampleValue(await g.scrape(), 'schemagate_audit_chain_ok'), 1);
    fail = true;
    samples = await g.scrape();
    assert.equal(sampleValue(samples, 'schemagate_audit_chain_ok'), 1);
    assert.equal(sampleValue(samples, 'schemagate_unaudited_subjects'), 1);
    assert.equal(sampleValue(samples, 'schemagate_governance_gauges_errors_total'), 2);
  });

  it('answers within the timeout when the store hangs, one error per scrape, without starting another read', async () => {
    let reads = 0;
    const g = gauges(() => (reads++, new Promise<GovernanceSnapshot>(() => {})), { timeoutMs: 50, ttlMs: 0 });
    const started = performance.now();
    assert.equal(sampleValue(await g.scrape(), 'schemagate_governance_gauges_errors_total'), 1);
    assert.ok(performance.now() - started < 2_000);
    assert.equal(sampleValue(await g.scrape(), 'schemagate_governance_gauges_errors_total'), 2);
    assert.equal(reads, 1, 'the hung read is waited for again, not doubled');
  });
});

/** A MemoryStore that fails its subject list on demand, and counts the store calls a snapshot makes. */
class FlakyStore extends MemoryStore {
  broken = false;
  override async listSubjects(options?: ListSubjectsOptions) {
    if (this.broken) throw new Error('store down');
    return super.listSubjects(options);
  }
}

describe('governance gauges on /metrics', () => {
  it('serve the last values with a 200 while the store fails, and the error count', async () => {
    const store = new FlakyStore();
    const api = await apiHarness({ store });
    try {
      const scrape = async () => {
        const res = await api.request('GET', '/metrics');
        assert.equal(res.status, 200);
        return parsePrometheus(res.text);
      };
      assert.equal((await api.register('a', avroRecord(1))).status, 200);
      assert.equal(sampleValue(await scrape(), 'schemagate_subjects', { mode: 'canary' }), 1);
      store.broken = true;
      assert.equal((await api.register('b', avroRecord(2))).status, 200);
      let samples = await scrape();
      assert.equal(sampleValue(samples, 'schemagate_subjects', { mode: 'canary' }), 1, 'the last value');
      assert.equal(sampleValue(samples, 'schemagate_governance_gauges_errors_total'), 1);
      store.broken = false;
      assert.equal((await api.register('c', avroRecord(3))).status, 200);
      samples = await scrape();
      assert.equal(sampleValue(samples, 'schemagate_subjects', { mode: 'canary' }), 3, 'read again after the write');
    } finally {
      await api.close();
    }
  });

  it('reads the store with a fixed number of queries, whatever the number of subjects', async () => {
    const calls = async (subjects: number) => {
      const store = new MemoryStore();
      for (let i = 0; i < subjects; i++) {
        const text = JSON.stringify(avroRecord(i));
        await store.registerVersion({ subject: `s${i}`, schema: { schemaType: 'AVRO', schema: text, references: [], fingerprint: text }, expectedMaxVersion: 0, createdAt: '2026-01-01T00:00:00.000Z' });
        if (i % 10 === 0) await store.setSubjectGovernance(`s${i}`, { validationMode: 'strict', audited: false, updatedAt: '2026-01-01T00:00:00.000Z' });
      }
      let count = 0;
      const counting = new Proxy(store, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? (...args: unknown[]) => (count++, value.apply(target, args)) : value;
        },
      }) as Store;
      const snapshot = await new GovernanceSnapshotReader({ store: counting, settings: DEFAULT_SETTINGS } as unknown as RegistryContext).read();
      return { count, snapshot };
    };
    const small = await calls(10);
    const large = await calls(1_000);
    assert.deepEqual(large.snapshot.subjectsByMode, { canary: 900, strict: 100 });
    assert.equal(large.snapshot.unaudited, 100);
    assert.equal(large.count, small.count, 'no read per subject');
  });
});
