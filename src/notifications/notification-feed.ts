import { errors } from '../core/errors.ts';
import { eventLine, notificationBody } from '../core/governance/notification-events.ts';
import { DELIVERY_STATES, type DeliveryState } from '../store/store-records.ts';
import type { Store } from '../store/store.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const MAX_SEQ = 2 ** 31 - 1;

export interface FeedQuery {
  after?: string;
  before?: string;
  limit?: string;
  changeRequest?: string;
}

/**
 * The events the console shows (GET /governance/notifications) and the
 * webhook deliveries an admin checks: the same events the webhooks receive,
 * in the same shape.
 */
export class NotificationFeed {
  constructor(private readonly store: Store) {}

  /**
   * Newest first; `before` pages back. With `after` (the newest seq the
   * caller has seen), oldest first from there: a poll that finds more than
   * `limit` new events gets the next ones, and the one after carries on from
   * its last seq, so none is skipped.
   */
  async events(query: FeedQuery) {
    const after = seqParam(query.after, 'after');
    const before = seqParam(query.before, 'before');
    const changeRequestId = seqParam(query.changeRequest, 'changeRequest');
    const limit = limitParam(query.limit);
    const events = await this.store.listNotifications({ afterSeq: after, beforeSeq: before, changeRequestId, limit, newestFirst: after === undefined });
    // `summary`: the sentence a Slack webhook gets, unescaped, for the console's activity feed.
    return { events: events.map((event) => ({ ...notificationBody(event), summary: eventLine(event) })) };
  }

  /** Newest first; `state` pending, delivered or dead. */
  async deliveries(query: { state?: string; webhook?: string; limit?: string }) {
    if (query.state !== undefined && !(DELIVERY_STATES as readonly string[]).includes(query.state)) {
      throw errors.badRequest(`Unknown delivery state '${query.state.slice(0, 40)}'; use ${DELIVERY_STATES.join(', ')}.`);
    }
    const deliveries = await this.store.listDeliveries({ state: query.state as DeliveryState | undefined, webhookId: query.webhook, limit: limitParam(query.limit) });
    return { deliveries };
  }
}

function seqParam(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,10}$/.test(raw.trim()) || Number(raw) > MAX_SEQ) throw errors.badRequest(`Query parameter '${name}' must be a whole number, got '${raw.slice(0, 40)}'.`);
  return Number(raw);
}

function limitParam(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (!/^\d{1,4}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) throw errors.badRequest(`Query parameter 'limit' must be from 1 to ${MAX_LIMIT}, got '${raw.slice(0, 40)}'.`);
  return Number(raw);
}
