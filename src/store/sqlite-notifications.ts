import type Database from 'better-sqlite3';
import type { NotificationDraft, NotificationEvent } from '../core/governance/notification-events.ts';
import { toDelivery, type DeliveryRow } from './sql-rows.ts';
import type { NotificationStore } from './store-roles.ts';
import { webhookCursor, type DeliveryOutcome, type DeliveryRecord, type DeliveryState, type DueDelivery, type NotificationQuery } from './store-records.ts';

type EventRow = { seq: number; event_json: string };

const toEvent = (row: EventRow): NotificationEvent => ({ ...(JSON.parse(row.event_json) as NotificationDraft), seq: row.seq });

/**
 * Notifications in SQLite. `append` runs inside the caller's transaction
 * (a change request write's); one writer at a time, so seq order is commit
 * order.
 */
export class SqliteNotifications implements NotificationStore {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      insert: db.prepare<[string, string, string, number | null, string], { seq: number }>(
        'INSERT INTO notification_events (key, type, at, change_request_id, event_json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING seq',
      ),
      list: db.prepare<[{ after: number; before: number; cr: number | null; limit: number }], EventRow>(
        'SELECT seq, event_json FROM notification_events WHERE seq > @after AND seq < @before AND (@cr IS NULL OR change_request_id = @cr) ORDER BY seq LIMIT @limit',
      ),
      listNewest: db.prepare<[{ after: number; before: number; cr: number | null; limit: number }], EventRow>(
        'SELECT seq, event_json FROM notification_events WHERE seq > @after AND seq < @before AND (@cr IS NULL OR change_request_id = @cr) ORDER BY seq DESC LIMIT @limit',
      ),
      event: db.prepare<[number], EventRow>('SELECT seq, event_json FROM notification_events WHERE seq = ?'),
      cursor: db.prepare<[string], { value: number }>('SELECT value FROM notification_cursors WHERE name = ?'),
      startCursor: db.prepare('INSERT INTO notification_cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
      moveCursor: db.prepare('UPDATE notification_cursors SET value = ? WHERE name = ? AND value = ?'),
      queue: db.prepare("INSERT INTO notification_deliveries (webhook_id, seq, state, next_attempt_at) VALUES (?, ?, 'pending', '') ON CONFLICT DO NOTHING"),
      // Per webhook, only its oldest pending delivery is a candidate: a webhook's events go out in order.
      due: db.prepare<[{ now: string; limit: number; ids: string }], { webhook_id: string; seq: number; attempts: number }>(
        `SELECT d.webhook_id, d.seq, d.attempts FROM notification_deliveries d
         WHERE d.state = 'pending' AND d.webhook_id IN (SELECT value FROM json_each(@ids))
           AND d.seq = (SELECT MIN(p.seq) FROM notification_deliveries p WHERE p.webhook_id = d.webhook_id AND p.state = 'pending')
           AND d.next_attempt_at <= @now AND (d.lease_until IS NULL OR d.lease_until <= @now)
         ORDER BY d.seq LIMIT @limit`,
      ),
      lease: db.prepare('UPDATE notification_deliveries SET lease_until = ? WHERE webhook_id = ? AND seq = ?'),
      delivered: db.prepare("UPDATE notification_deliveries SET state = 'delivered', attempts = attempts + 1, lease_until = NULL, last_error = NULL, delivered_at = ? WHERE webhook_id = ? AND seq = ? AND state = 'pending'"),
      failed: db.prepare(
        "UPDATE notification_deliveries SET state = CASE WHEN @next IS NULL THEN 'dead' ELSE 'pending' END, attempts = attempts + 1, lease_until = NULL, last_error = @error, next_attempt_at = COALESCE(@next, next_attempt_at) WHERE webhook_id = @webhook AND seq = @seq AND state = 'pending' AND lease_until = @lease",
      ),
      deliveries: db.prepare<[{ state: string | null; webhook: string | null; limit: number }], DeliveryRow>(
        `SELECT d.webhook_id, d.seq, e.key, e.type, d.state, d.attempts, d.next_attempt_at, d.last_error, d.delivered_at
         FROM notification_deliveries d JOIN notification_events e ON e.seq = d.seq
         WHERE (@state IS NULL OR d.state = @state) AND (@webhook IS NULL OR d.webhook_id = @webhook)
         ORDER BY d.seq DESC, d.webhook_id LIMIT @limit`,
      ),
    };
  }

  /** Inside the caller's transaction. */
  append(drafts: readonly NotificationDraft[]): NotificationEvent[] {
    const stored: NotificationEvent[] = [];
    for (const draft of drafts) {
      const row = this.stmt.insert.get(draft.key, draft.type, draft.at, draft.changeRequestId ?? null, JSON.stringify(draft));
      if (row) stored.push({ ...draft, seq: row.seq });
    }
    return stored;
  }

  async appendNotifications(drafts: NotificationDraft[]) {
    return this.db.transaction(() => this.append(drafts)).immediate();
  }

  async listNotifications(q: NotificationQuery) {
    const params = { after: q.afterSeq ?? 0, before: q.beforeSeq ?? Number.MAX_SAFE_INTEGER, cr: q.changeRequestId ?? null, limit: q.limit };
    return (q.newestFirst ? this.stmt.listNewest : this.stmt.list).all(params).map(toEvent);
  }

  async getNotificationCursor(name: string) {
    return this.stmt.cursor.get(name)?.value;
  }

  async setNotificationCursor(name: string, expected: number | null, value: number) {
    return this.db.transaction(() => this.moveCursor(name, expected, value)).immediate();
  }

  async queueDeliveries(webhookId: string, expectedCursor: number | null, newCursor: number, seqs: number[]) {
    return this.db
      .transaction(() => {
        if (!this.moveCursor(webhookCursor(webhookId), expectedCursor, newCursor)) return false;
        for (const seq of seqs) this.stmt.queue.run(webhookId, seq);
        return true;
      })
      .immediate();
  }

  private moveCursor(name: string, expected: number | null, value: number): boolean {
    const info = expected === null ? this.stmt.startCursor.run(name, value) : this.stmt.moveCursor.run(value, name, expected);
    return info.changes === 1;
  }

  async dueDeliveries(q: { now: string; leaseUntil: string; limit: number; webhookIds: readonly string[] }): Promise<DueDelivery[]> {
    return this.db
      .transaction(() =>
        this.stmt.due.all({ now: q.now, limit: q.limit, ids: JSON.stringify(q.webhookIds) }).map((row) => {
          this.stmt.lease.run(q.leaseUntil, row.webhook_id, row.seq);
          return { webhookId: row.webhook_id, attempts: row.attempts, event: toEvent(this.stmt.event.get(row.seq)!), lease: q.leaseUntil };
        }),
      )
      .immediate();
  }

  async recordDeliveryAttempt(webhookId: string, seq: number, outcome: DeliveryOutcome) {
    if (outcome.delivered) this.stmt.delivered.run(outcome.at, webhookId, seq);
    else this.stmt.failed.run({ next: outcome.nextAttemptAt, error: outcome.error, webhook: webhookId, seq, lease: outcome.lease });
  }

  async listDeliveries(q: { state?: DeliveryState; webhookId?: string; limit: number }): Promise<DeliveryRecord[]> {
    return this.stmt.deliveries.all({ state: q.state ?? null, webhook: q.webhookId ?? null, limit: q.limit }).map(toDelivery);
  }
}
