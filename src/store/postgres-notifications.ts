import type { NotificationDraft, NotificationEvent } from '../core/governance/notification-events.ts';
import type { Db, PgContext } from './postgres-db.ts';
import { toDelivery, type DeliveryRow } from './sql-rows.ts';
import type { NotificationStore } from './store-roles.ts';
import { webhookCursor, type DeliveryOutcome, type DeliveryRecord, type DeliveryState, type DueDelivery, type NotificationQuery } from './store-records.ts';

/**
 * Held from an append to its transaction's end, by every instance: an event
 * becomes visible only after every event with a smaller seq, so a fan-out
 * reading "seq > cursor" never passes one that commits later.
 */
const NOTIFICATION_LOCK = 0x5c4e3a03;

type EventRow = { seq: number; event_json: string };
const toEvent = (row: EventRow): NotificationEvent => ({ ...(JSON.parse(row.event_json) as NotificationDraft), seq: row.seq });

/** Notifications in PostgreSQL; deliveries are claimed with FOR UPDATE SKIP LOCKED, so two instances never send one at once. */
export class PostgresNotifications implements NotificationStore {
  constructor(private readonly ctx: PgContext) {}

  /** Inside the caller's transaction. */
  async append(db: Db, drafts: readonly NotificationDraft[]): Promise<NotificationEvent[]> {
    if (drafts.length === 0) return [];
    await db.query('SELECT pg_advisory_xact_lock($1)', [NOTIFICATION_LOCK]);
    const stored: NotificationEvent[] = [];
    for (const draft of drafts) {
      const row = (
        await db.query<{ seq: number }>(
          'INSERT INTO notification_events (key, type, at, change_request_id, event_json) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING RETURNING seq',
          [draft.key, draft.type, draft.at, draft.changeRequestId ?? null, JSON.stringify(draft)],
        )
      ).rows[0];
      if (row) stored.push({ ...draft, seq: row.seq });
    }
    return stored;
  }

  async appendNotifications(drafts: NotificationDraft[]) {
    return this.ctx.tx((db) => this.append(db, drafts));
  }

  async listNotifications(q: NotificationQuery) {
    const { rows } = await this.ctx.db.query<EventRow>(
      `SELECT seq, event_json FROM notification_events
       WHERE seq > $1 AND seq < $2 AND ($3::int IS NULL OR change_request_id = $3)
       ORDER BY seq ${q.newestFirst ? 'DESC' : 'ASC'} LIMIT $4`,
      [q.afterSeq ?? 0, q.beforeSeq ?? 2 ** 31 - 1, q.changeRequestId ?? null, q.limit],
    );
    return rows.map(toEvent);
  }

  async getNotificationCursor(name: string) {
    return (await this.ctx.db.query<{ value: number }>('SELECT value FROM notification_cursors WHERE name = $1', [name])).rows[0]?.value;
  }

  async setNotificationCursor(name: string, expected: number | null, value: number) {
    return this.ctx.tx((db) => this.moveCursor(db, name, expected, value));
  }

  async queueDeliveries(webhookId: string, expectedCursor: number | null, newCursor: number, seqs: number[]) {
    return this.ctx.tx(async (db) => {
      if (!(await this.moveCursor(db, webhookCursor(webhookId), expectedCursor, newCursor))) return false;
      if (seqs.length > 0) {
        await db.query(
          "INSERT INTO notification_deliveries (webhook_id, seq, state, next_attempt_at) SELECT $1, s, 'pending', '' FROM unnest($2::int[]) AS s ON CONFLICT DO NOTHING",
          [webhookId, seqs],
        );
      }
      return true;
    });
  }

  private async moveCursor(db: Db, name: string, expected: number | null, value: number): Promise<boolean> {
    const result =
      expected === null
        ? await db.query('INSERT INTO notification_cursors (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, value])
        : await db.query('UPDATE notification_cursors SET value = $1 WHERE name = $2 AND value = $3', [value, name, expected]);
    return result.rowCount === 1;
  }

  async dueDeliveries(q: { now: string; leaseUntil: string; limit: number; webhookIds: readonly string[] }): Promise<DueDelivery[]> {
    return this.ctx.tx(async (db) => {
      // Per webhook only its oldest pending delivery; one another instance holds is skipped, not waited for.
      const { rows } = await db.query<{ webhook_id: string; seq: number; attempts: number; event_json: string }>(
        `WITH heads AS (
           SELECT d.webhook_id, d.seq FROM notification_deliveries d
           WHERE d.state = 'pending' AND d.webhook_id = ANY($4::text[])
             AND d.seq = (SELECT MIN(p.seq) FROM notification_deliveries p WHERE p.webhook_id = d.webhook_id AND p.state = 'pending')
             AND d.next_attempt_at <= $1 COLLATE "C" AND (d.lease_until IS NULL OR d.lease_until <= $1 COLLATE "C")
           ORDER BY d.seq LIMIT $2 FOR UPDATE OF d SKIP LOCKED
         )
         UPDATE notification_deliveries u SET lease_until = $3 FROM heads, notification_events e
         WHERE u.webhook_id = heads.webhook_id AND u.seq = heads.seq AND e.seq = u.seq
         RETURNING u.webhook_id, u.seq, u.attempts, e.event_json`,
        [q.now, q.limit, q.leaseUntil, [...q.webhookIds]],
      );
      return rows
        .sort((a, b) => a.seq - b.seq)
        .map((row) => ({ webhookId: row.webhook_id, attempts: row.attempts, event: toEvent(row), lease: q.leaseUntil }));
    });
  }

  async recordDeliveryAttempt(webhookId: string, seq: number, outcome: DeliveryOutcome) {
    if (outcome.delivered) {
      await this.ctx.db.query(
        "UPDATE notification_deliveries SET state = 'delivered', attempts = attempts + 1, lease_until = NULL, last_error = NULL, delivered_at = $1 WHERE webhook_id = $2 AND seq = $3 AND state = 'pending'",
        [outcome.at, webhookId, seq],
      );
      return;
    }
    await this.ctx.db.query(
      `UPDATE notification_deliveries SET state = CASE WHEN $1::text IS NULL THEN 'dead' ELSE 'pending' END, attempts = attempts + 1, lease_until = NULL,
         last_error = $2, next_attempt_at = COALESCE($1, next_attempt_at) WHERE webhook_id = $3 AND seq = $4 AND state = 'pending' AND lease_until = $5`,
      [outcome.nextAttemptAt, outcome.error, webhookId, seq, outcome.lease],
    );
  }

  async listDeliveries(q: { state?: DeliveryState; webhookId?: string; limit: number }): Promise<DeliveryRecord[]> {
    const { rows } = await this.ctx.db.query<DeliveryRow>(
      `SELECT d.webhook_id, d.seq, e.key, e.type, d.state, d.attempts, d.next_attempt_at, d.last_error, d.delivered_at
       FROM notification_deliveries d JOIN notification_events e ON e.seq = d.seq
       WHERE ($1::text IS NULL OR d.state = $1) AND ($2::text IS NULL OR d.webhook_id = $2)
       ORDER BY d.seq DESC, d.webhook_id LIMIT $3`,
      [q.state ?? null, q.webhookId ?? null, q.limit],
    );
    return rows.map(toDelivery);
  }
}
