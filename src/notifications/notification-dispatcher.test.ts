import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../core/clock.ts';
import type { GovernancePolicy } from '../core/governance/change-request.ts';
import type { NotificationDraft, NotificationType } from '../core/governance/notification-events.ts';
import { sampleChangeRequest, sampleReport } from '../store/store-contract-fixtures.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { NotificationDispatcher } from './notification-dispatcher.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, type WebhookSettings } from './notification-settings.ts';
import { verifySignature } from './webhook-signature.ts';

const HOUR = 3_600_000;
const SECRET = 'dispatcher-test-secret';
const policy: GovernancePolicy = { requiredApprovals: ['data-platform', 'strategy-owner'], minCanaryWindowMs: 48 * HOUR };
const hook = (id: string, events?: NotificationType[]): WebhookSettings => ({
  id,
  url: `http://receiver.invalid/${id}`,
  events: events ?? ['change-request.created', 'change-request.approved', 'canary.failure', 'change-request.promotable'],
  secret: SECRET,
  format: 'json',
});
const draft = (key: string, type: NotificationType = 'change-request.created'): NotificationDraft => ({ key, type, at: '2026-03-01T00:00:00.000Z', payload: {} });

describe('the notification dispatcher', () => {
  let store: MemoryStore;
  let clock: ManualClock;
  let received: Array<{ hook: string; key: string; type: string; ok: boolean }>;
  let down: Set<string>;
  let warnings: string[];
  const never = { set: () => ({}), clear: () => {} };

  const fakeFetch = (async (url: string | URL, init?: RequestInit) => {
    const name = String(url).split('/').pop()!;
    const headers = init!.headers as Record<string, string>;
    const ok = !down.has(name) && verifySignature(SECRET, headers['x-schemagate-timestamp'], String(init!.body), headers['x-schemagate-signature']);
    received.push({ hook: name, key: headers['x-schemagate-delivery'], type: headers['x-schemagate-event'], ok });
    return new Response(null, { status: ok ? 204 : 503 });
  }) as typeof fetch;

  const dispatcher = (webhooks: WebhookSettings[]) =>
    new NotificationDispatcher({
      store,
      clock,
      policy: async () => policy,
      settings: { ...DEFAULT_NOTIFICATION_SETTINGS, webhooks, retry: { initialDelayMs: 1000, maxDelayMs: 4000, maxAttempts: 3 } },
      userAgent: 'schemagate/test',
      log: { warn: (m) => warnings.push(m) },
      fetch: fakeFetch,
      scheduler: never,
      random: () => 1,
    });
  const step = async (d: NotificationDispatcher) => {
    await d.tick();
    await d.settled();
  };

  beforeEach(() => {
    store = new MemoryStore();
    clock = new ManualClock('2026-03-01T00:00:00.000Z');
    received = [];
    down = new Set();
    warnings = [];
  });

  it('starts a new webhook after the events it missed, and delivers the later ones it wants, signed, in order', async () => {
    await store.appendNotifications([draft('history')]);
    const d = dispatcher([hook('a'), hook('b', ['change-request.approved'])]);
    await d.start();
    await store.appendNotifications([draft('one'), draft('two', 'change-request.approved'), draft('three', 'change-request.rejected')]);
    for (let i = 0; i < 3; i++) await step(d);
    assert.deepEqual(received.map((r) => `${r.hook}:${r.key}:${r.ok}`), ['a:one:true', 'b:two:true', 'a:two:true']);
    assert.deepEqual((await store.listDeliveries({ state: 'delivered', limit: 10 })).length, 3);
  });

  it('retries with backoff, holds the webhook’s later events back meanwhile, and gives up after maxAttempts', async () => {
    const d = dispatcher([hook('a')]);
    await d.start();
    await store.appendNotifications([draft('one'), draft('two')]);
    down.add('a');
    await step(d);
    await step(d);
    assert.deepEqual(received.map((r) => r.key), ['one'], 'not tried again before its delay, and two waits behind it');
    clock.advance(1000);
    await step(d);
    assert.deepEqual(received.map((r) => r.key), ['one', 'one']);
    down.delete('a');
    clock.advance(2000);
    await step(d);
    await step(d);
    assert.deepEqual(received.map((r) => `${r.key}:${r.ok}`), ['one:false', 'one:false', 'one:true', 'two:true']);

    await store.appendNotifications([draft('doomed')]);
    down.add('a');
    for (let i = 0; i < 4; i++) {
      await step(d);
      clock.advance(4000);
    }
    assert.equal(received.filter((r) => r.key === 'doomed').length, 3);
    const [dead] = await store.listDeliveries({ state: 'dead', limit: 10 });
    assert.deepEqual([dead.key, dead.attempts, dead.lastError], ['doomed', 3, 'HTTP 503']);
    assert.match(warnings.join('\n'), /gave up delivering doomed \(change-request.created\) to webhook 'a' after 3 attempts: HTTP 503/);
    assert.ok(!warnings.join('\n').includes(SECRET));
  });

  it('announces failures in a canary window (not the CR’s own registrations) and a window that passed clean', async () => {
    const canary = async (subject: string) => {
      const cr = await store.createChangeRequest({ ...sampleChangeRequest(subject), state: 'canary' });
      const startedAt = clock.now().toISOString();
      const windowed = { ...cr, canary: { startedAt, minWindowMs: 48 * HOUR, endsAt: new Date(clock.now().getTime() + 48 * HOUR).toISOString(), registered: [], subjects: [subject], user: 'a', authenticated: true } };
      await store.updateChangeRequest({ ...windowed, revision: cr.revision + 1 }, cr.revision);
      return windowed;
    };
    await store.recordRefusal(sampleReport('orders', '2026-02-01T00:00:00.000Z', false), 'strict');
    const clean = await canary('clean');
    const failing = await canary('orders');
    const d = dispatcher([hook('a')]);
    await d.start();
    clock.advance(HOUR);
    await store.recordRefusal({ ...sampleReport('orders', clock.now().toISOString(), false), changeRequestId: failing.id }, 'canary');
    await store.recordRefusal(sampleReport('orders', clock.now().toISOString(), false), 'canary');
    await step(d);
    await step(d);
    assert.deepEqual(received.map((r) => r.type), ['canary.failure'], 'one failure: the old one predates the window, the CR’s own apply is not evidence');
    clock.advance(48 * HOUR);
    await step(d);
    await step(d);
    await step(d);
    assert.deepEqual(received.map((r) => [r.type, r.key]), [['canary.failure', 'canary-failure:3'], ['change-request.promotable', `promotable:${clean.id}:${clean.canary.startedAt}`]]);
  });
});
