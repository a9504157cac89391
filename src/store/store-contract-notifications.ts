import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { withAuditSeq } from '../core/governance/change-request.ts';
import type { NotificationDraft } from '../core/governance/notification-events.ts';
import { T0_ISO, nextRevision as next, registration, sampleAudit, sampleChangeRequest, sampleReport } from './store-contract-fixtures.ts';
import { StoreConflictError, type Store } from './store.ts';

const draft = (key: string, changeRequestId?: number): NotificationDraft => ({
  key,
  type: 'change-request.created',
  at: T0_ISO,
  ...(changeRequestId !== undefined && { changeRequestId }),
  payload: { note: key },
});
const LATER = '2026-03-01T01:00:00.000Z';

/** The event log, its fan-out to webhooks and the deliveries (NotificationStore), and events written with change requests. */
export function notificationContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, notifications: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('numbers events in order, ignores a key appended again, and pages the feed both ways', async () => {
      const first = await store.appendNotifications([draft('a', 1), draft('b', 2)]);
      assert.deepEqual(first.map((e) => [e.key, e.seq]), [['a', 1], ['b', 2]]);
      const again = await store.appendNotifications([draft('b', 2), draft('c', 1)]);
      assert.deepEqual(again.map((e) => e.key), ['c'], 'a duplicate key is skipped, not an error');
      assert.ok(again[0].seq > 2);
      const all = await store.listNotifications({ limit: 10 });
      assert.deepEqual(all.map((e) => e.key), ['a', 'b', 'c']);
      assert.deepEqual(all[0], { ...draft('a', 1), seq: 1 }, 'an event reads back as appended');
      assert.deepEqual((await store.listNotifications({ limit: 2, newestFirst: true })).map((e) => e.key), ['c', 'b']);
      assert.deepEqual((await store.listNotifications({ limit: 10, afterSeq: 1 })).map((e) => e.key), ['b', 'c']);
      assert.deepEqual((await store.listNotifications({ limit: 10, beforeSeq: all[2].seq, newestFirst: true })).map((e) => e.key), ['b', 'a']);
      assert.deepEqual((await store.listNotifications({ limit: 10, changeRequestId: 1 })).map((e) => e.key), ['a', 'c']);
    });

    it('writes a change request’s events in the same transaction as the change request, and none when the write is refused', async () => {
      const cr = await store.createChangeRequest(sampleChangeRequest(), undefined, (saved) => [draft(`change-request:${saved.id}:0`, saved.id)]);
      assert.deepEqual((await store.listNotifications({ limit: 10 })).map((e) => [e.key, e.changeRequestId]), [[`change-request:${cr.id}:0`, cr.id]]);
      await store.updateChangeRequest(next(cr, { title: 'one' }), cr.revision, undefined, [draft('edit-1', cr.id)]);
      await assert.rejects(store.updateChangeRequest(next(cr, { title: 'two' }), cr.revision, undefined, [draft('edit-2', cr.id)]), StoreConflictError);
      await assert.rejects(
        store.applyChangeRequest({
          id: cr.id,
          expectedRevision: cr.revision,
          registrations: [registration('orders', '"string"')],
          subjects: [],
          changeRequest: () => next(cr, { state: 'canary' }),
          events: () => [draft('applied-stale', cr.id)],
        }),
        StoreConflictError,
      );
      assert.deepEqual((await store.listNotifications({ limit: 10 })).map((e) => e.key), [`change-request:${cr.id}:0`, 'edit-1'], 'a refused write leaves no event behind');

      const current = (await store.getChangeRequest(cr.id))!;
      const applied = await store.applyChangeRequest({
        id: cr.id,
        expectedRevision: current.revision,
        registrations: [registration('orders', '"string"')],
        subjects: [{ subject: 'orders', governance: { validationMode: 'canary', audited: true, updatedAt: T0_ISO } }],
        changeRequest: () => next(current, { state: 'canary' }),
        events: (saved) => [{ ...draft('applied', saved.id), payload: { state: saved.state } }],
      });
      await store.promoteChangeRequest({
        id: cr.id,
        expectedRevision: applied.revision,
        subjects: [],
        audit: sampleAudit(cr.reference, { kind: 'promotion', changeRequestId: cr.id }),
        changeRequest: (entry) => withAuditSeq(next(applied, { state: 'strict', closed: { at: 't', notes: '', user: 'dp', authenticated: true } }), entry.seq),
        events: (saved) => [{ ...draft('promoted', saved.id), payload: { auditSeq: saved.closed?.auditSeq } }],
      });
      const events = await store.listNotifications({ limit: 10, afterSeq: 2 });
      assert.deepEqual(events.map((e) => [e.key, e.payload]), [['applied', { state: 'canary' }], ['promoted', { auditSeq: 1 }]], 'events see the CR as saved');
    });

    it('moves cursors only from the value they were read at', async () => {
      assert.equal(await store.getNotificationCursor('failures'), undefined);
      assert.equal(await store.setNotificationCursor('failures', null, 4), true);
      assert.equal(await store.setNotificationCursor('failures', null, 9), false, 'a second start loses');
      assert.equal(await store.setNotificationCursor('failures', 3, 9), false, 'a stale value loses');
      assert.equal(await store.setNotificationCursor('failures', 4, 9), true);
      assert.equal(await store.getNotificationCursor('failures'), 9);
    });

    it('queues deliveries with the cursor, hands each webhook its oldest due delivery only, leased, and records attempts', async () => {
      const [e1, e2, e3] = await store.appendNotifications([draft('a'), draft('b'), draft('c')]);
      assert.equal(await store.queueDeliveries('hook', null, e3.seq, [e1.seq, e2.seq, e3.seq]), true);
      assert.equal(await store.queueDeliveries('hook', e1.seq, e3.seq, [e2.seq]), false, 'a fan-out from a stale cursor queues nothing');
      assert.equal(await store.queueDeliveries('other', null, e3.seq, [e3.seq]), true);
      assert.equal(await store.getNotificationCursor('webhook:hook'), e3.seq);

      const lease = { now: T0_ISO, leaseUntil: LATER, limit: 10 };
      const due = await store.dueDeliveries({ ...lease, webhookIds: ['hook', 'other'] });
      assert.deepEqual(due.map((d) => [d.webhookId, d.event.key, d.attempts]), [['hook', 'a', 0], ['other', 'c', 0]], 'per webhook, only its oldest');
      assert.deepEqual(await store.dueDeliveries({ ...lease, webhookIds: ['hook', 'other'] }), [], 'leased deliveries are not handed out twice');
      assert.deepEqual(await store.dueDeliveries({ ...lease, now: LATER, webhookIds: ['gone'] }), [], 'only the webhooks asked for');

      await store.recordDeliveryAttempt('hook', e1.seq, { delivered: false, error: 'HTTP 503', nextAttemptAt: LATER, lease: LATER });
      assert.deepEqual(await store.dueDeliveries({ ...lease, webhookIds: ['hook'] }), [], 'a failed delivery waits for its next attempt, and holds back the later ones');
      const retried = await store.dueDeliveries({ ...lease, now: LATER, leaseUntil: '2026-03-01T02:00:00.000Z', webhookIds: ['hook'] });
      assert.deepEqual(retried.map((d) => [d.event.key, d.attempts]), [['a', 1]]);
      await store.recordDeliveryAttempt('hook', e1.seq, { delivered: true, at: LATER });
      await store.recordDeliveryAttempt('other', e3.seq, { delivered: false, error: 'HTTP 410', nextAttemptAt: null, lease: LATER });
      const nextDue = await store.dueDeliveries({ ...lease, now: '2026-03-01T03:00:00.000Z', webhookIds: ['hook', 'other'] });
      assert.deepEqual(nextDue.map((d) => [d.webhookId, d.event.key]), [['hook', 'b']], 'delivered and dead ones are done');

      assert.deepEqual((await store.listDeliveries({ limit: 10 })).map((d) => [d.webhookId, d.key, d.state, d.attempts]), [
        ['hook', 'c', 'pending', 0],
        ['other', 'c', 'dead', 1],
        ['hook', 'b', 'pending', 0],
        ['hook', 'a', 'delivered', 2],
      ]);
      const [dead] = await store.listDeliveries({ state: 'dead', limit: 10 });
      assert.deepEqual([dead.type, dead.lastError], ['change-request.created', 'HTTP 410']);
      assert.deepEqual((await store.listDeliveries({ state: 'delivered', webhookId: 'hook', limit: 10 }))[0].deliveredAt, LATER);
    });

    it('ignores a failed attempt recorded after its lease passed to another claim: that claim keeps the delivery', async () => {
      const [e1] = await store.appendNotifications([draft('a')]);
      await store.queueDeliveries('hook', null, e1.seq, [e1.seq]);
      const stale = await store.dueDeliveries({ now: T0_ISO, leaseUntil: LATER, limit: 1, webhookIds: ['hook'] });
      // The first attempt outlives its lease; a second claim takes the delivery.
      const second = await store.dueDeliveries({ now: LATER, leaseUntil: '2026-03-01T05:00:00.000Z', limit: 1, webhookIds: ['hook'] });
      assert.deepEqual([stale[0].lease, second[0].lease], [LATER, '2026-03-01T05:00:00.000Z']);
      await store.recordDeliveryAttempt('hook', e1.seq, { delivered: false, error: 'late', nextAttemptAt: LATER, lease: stale[0].lease });
      assert.deepEqual(await store.dueDeliveries({ now: '2026-03-01T04:00:00.000Z', leaseUntil: '2026-03-01T06:00:00.000Z', limit: 1, webhookIds: ['hook'] }), [], 'still leased to the second claim');
      const [record] = await store.listDeliveries({ limit: 1 });
      assert.deepEqual([record.state, record.attempts, record.lastError ?? null], ['pending', 0, null]);
      await store.recordDeliveryAttempt('hook', e1.seq, { delivered: true, at: LATER });
      assert.equal((await store.listDeliveries({ limit: 1 }))[0].state, 'delivered');
    });

    it('never hands one delivery to two claims at once', async () => {
      const events = await store.appendNotifications(['a', 'b', 'c', 'd'].map((k) => draft(k)));
      for (const hook of ['h1', 'h2', 'h3', 'h4']) await store.queueDeliveries(hook, null, 4, events.map((e) => e.seq));
      const claims = await Promise.all([1, 2, 3].map(() => store.dueDeliveries({ now: T0_ISO, leaseUntil: LATER, limit: 10, webhookIds: ['h1', 'h2', 'h3', 'h4'] })));
      const claimed = claims.flat().map((d) => `${d.webhookId}/${d.event.key}`);
      assert.deepEqual(claimed.sort(), ['h1/a', 'h2/a', 'h3/a', 'h4/a']);
    });

    it('scans failures after an id, a page at a time', async () => {
      for (const at of ['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z', '2026-01-01T00:00:03.000Z']) await store.recordRefusal(sampleReport('s', at, false), 'strict');
      const all = await store.listFailures();
      assert.deepEqual((await store.listFailures({ afterId: all[0].id, limit: 1 })).map((f) => f.id), [all[1].id]);
      assert.deepEqual((await store.listFailures({ subjects: ['s'], afterId: all[1].id })).map((f) => f.id), [all[2].id]);
    });
  });
}
