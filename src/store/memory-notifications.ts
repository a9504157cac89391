import type { NotificationDraft, NotificationEvent } from '../core/governance/notification-events.ts';
import type { NotificationStore } from './store-roles.ts';
import { webhookCursor, type DeliveryOutcome, type DeliveryRecord, type DeliveryState, type NotificationQuery } from './store-records.ts';

interface Delivery {
  webhookId: string;
  seq: number;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  leaseUntil?: string;
  lastError?: string;
  deliveredAt?: string;
}

/** Notifications in process memory. `append` is synchronous, so a change request write appends in the same step as it saves. */
export class MemoryNotifications implements NotificationStore {
  private readonly events: NotificationEvent[] = [];
  private readonly keys = new Set<string>();
  private readonly cursors = new Map<string, number>();
  private readonly deliveries = new Map<string, Delivery>();

  append(drafts: readonly NotificationDraft[]): NotificationEvent[] {
    const stored: NotificationEvent[] = [];
    for (const draft of drafts) {
      if (this.keys.has(draft.key)) continue;
      this.keys.add(draft.key);
      const event = { ...structuredClone(draft), seq: this.events.length + 1 };
      this.events.push(event);
      stored.push(structuredClone(event));
    }
    return stored;
  }

  async appendNotifications(drafts: NotificationDraft[]) {
    return this.append(drafts);
  }

  async listNotifications(q: NotificationQuery) {
    const found = this.events.filter(
      (e) => (q.afterSeq === undefined || e.seq > q.afterSeq) && (q.beforeSeq === undefined || e.seq < q.beforeSeq) && (q.changeRequestId === undefined || e.changeRequestId === q.changeRequestId),
    );
    return structuredClone((q.newestFirst ? found.reverse() : found).slice(0, q.limit));
  }

  async getNotificationCursor(name: string) {
    return this.cursors.get(name);
  }

  async setNotificationCursor(name: string, expected: number | null, value: number) {
    if ((this.cursors.get(name) ?? null) !== expected) return false;
    this.cursors.set(name, value);
    return true;
  }

  async queueDeliveries(webhookId: string, expectedCursor: number | null, newCursor: number, seqs: number[]) {
    if (!(await this.setNotificationCursor(webhookCursor(webhookId), expectedCursor, newCursor))) return false;
    for (const seq of seqs) {
      const id = `${webhookId}\u0000${seq}`;
      if (!this.deliveries.has(id)) this.deliveries.set(id, { webhookId, seq, state: 'pending', attempts: 0, nextAttemptAt: '' });
    }
    return true;
  }

  async dueDeliveries(q: { now: string; leaseUntil: string; limit: number; webhookIds: readonly string[] }) {
    const heads = new Map<string, Delivery>();
    // Only pending ones are sorted: delivered and dead deliveries pile up over a server's life and are never candidates.
    for (const d of [...this.deliveries.values()].filter((x) => x.state === 'pending').sort((a, b) => a.seq - b.seq)) {
      if (q.webhookIds.includes(d.webhookId) && !heads.has(d.webhookId)) heads.set(d.webhookId, d);
    }
    const due = [...heads.values()].filter((d) => d.nextAttemptAt <= q.now && (d.leaseUntil === undefined || d.leaseUntil <= q.now)).slice(0, q.limit);
    for (const d of due) d.leaseUntil = q.leaseUntil;
    return due.map((d) => ({ webhookId: d.webhookId, attempts: d.attempts, event: structuredClone(this.events[d.seq - 1]), lease: q.leaseUntil }));
  }

  async recordDeliveryAttempt(webhookId: string, seq: number, outcome: DeliveryOutcome) {
    const d = this.deliveries.get(`${webhookId}\u0000${seq}`);
    if (!d || d.state !== 'pending' || (!outcome.delivered && d.leaseUntil !== outcome.lease)) return;
    d.attempts += 1;
    delete d.leaseUntil;
    if (outcome.delivered) {
      d.state = 'delivered';
      d.deliveredAt = outcome.at;
      delete d.lastError;
    } else {
      d.lastError = outcome.error;
      if (outcome.nextAttemptAt === null) d.state = 'dead';
      else d.nextAttemptAt = outcome.nextAttemptAt;
    }
  }

  async listDeliveries(q: { state?: DeliveryState; webhookId?: string; limit: number }): Promise<DeliveryRecord[]> {
    return [...this.deliveries.values()]
      .filter((d) => (q.state === undefined || d.state === q.state) && (q.webhookId === undefined || d.webhookId === q.webhookId))
      .sort((a, b) => b.seq - a.seq || (a.webhookId < b.webhookId ? -1 : 1))
      .slice(0, q.limit)
      .map((d) => ({
        webhookId: d.webhookId,
        seq: d.seq,
        key: this.events[d.seq - 1].key,
        type: this.events[d.seq - 1].type,
        state: d.state,
        attempts: d.attempts,
        ...(d.state === 'pending' && d.nextAttemptAt !== '' && { nextAttemptAt: d.nextAttemptAt }),
        ...(d.lastError !== undefined && { lastError: d.lastError }),
        ...(d.deliveredAt !== undefined && { deliveredAt: d.deliveredAt }),
      }));
  }
}
