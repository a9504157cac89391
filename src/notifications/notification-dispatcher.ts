import type { Clock } from '../core/clock.ts';
import { canaryStatus, windowSubjects, type GovernancePolicy } from '../core/governance/change-request.ts';
import type { ChangeRequest } from '../core/governance/change-request-types.ts';
import { canaryFailureEvent, promotableEvent, type NotificationDraft } from '../core/governance/notification-events.ts';
import { canaryFailureCount } from '../governance/change-request-reads.ts';
import { webhookCursor, type DueDelivery } from '../store/store-records.ts';
import type { Store } from '../store/store.ts';
import type { NotificationSettings } from './notification-settings.ts';
import { retryDelayMs } from './retry-delay.ts';
import { attemptDelivery } from './webhook-delivery.ts';

/** The timers the dispatcher waits on: injectable, so a test drives ticks by hand. */
export interface Scheduler {
  set(fn: () => void, ms: number): { unref?(): unknown };
  clear(handle: unknown): void;
}

const realScheduler: Scheduler = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) };

export interface DispatcherOptions {
  store: Store;
  clock: Clock;
  policy: () => Promise<GovernancePolicy>;
  settings: NotificationSettings;
  userAgent: string;
  log: { warn(message: string): void };
  fetch?: typeof fetch;
  scheduler?: Scheduler;
  random?: () => number;
}

const FAILURE_CURSOR = 'canary-failures';
const PAGE = 500;
/** How long a stop waits for attempts under way before it lets go of them (their leases expire and they are tried again). */
const STOP_WAIT_MS = 5000;

/**
 * Turns governance into deliveries, on a tick (every `tickMs`, and at once
 * when `wake()` is called after a governance write): (a) failures in a
 * canary window become `canary.failure` events; (b) windows that passed
 * clean become `change-request.promotable`; (c) new events are fanned out
 * to each webhook that wants them; (d) due deliveries are attempted. All
 * state is in the store, so a restart, or a second instance, carries on
 * where the last one stopped (docs/decisions/016-notifications.md).
 */
export class NotificationDispatcher {
  private readonly scheduler: Scheduler;
  private readonly inFlight = new Set<Promise<void>>();
  /** Promotable keys appended by this process: skips appending them again each tick (the store would ignore them anyway). */
  private readonly announced = new Set<string>();
  private timer: unknown;
  private ticking: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: DispatcherOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
  }

  private get store() {
    return this.options.store;
  }

  private get webhooks() {
    return this.options.settings.webhooks;
  }

  /**
   * Starts each new webhook at the newest event (it is not flooded with
   * history), then ticks. Awaited before the server says it is ready, so an
   * event of the first request is already after every webhook's cursor.
   */
  async start(): Promise<void> {
    const [newest] = await this.store.listNotifications({ limit: 1, newestFirst: true });
    for (const webhook of this.webhooks) {
      if ((await this.store.getNotificationCursor(webhookCursor(webhook.id))) === undefined) await this.store.queueDeliveries(webhook.id, null, newest?.seq ?? 0, []);
    }
    this.stopped = false;
    this.wake();
  }

  /** Runs a tick now (or right after the one under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Resolves when the attempts under way have ended (tests step the dispatcher with tick() and this). */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Stops ticking and waits (at most a few seconds) for attempts under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.scheduler.clear(this.timer);
    await this.ticking;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.inFlight), new Promise((done) => (timeout = setTimeout(done, STOP_WAIT_MS)))]);
    clearTimeout(timeout);
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) this.scheduler.clear(this.timer);
    const handle = this.scheduler.set(() => {
      this.timer = undefined;
      void this.run();
    }, ms);
    handle.unref?.();
    this.timer = handle;
  }

  private async run(): Promise<void> {
    if (this.stopped || this.ticking) return;
    this.ticking = this.tick().catch((err) => this.options.log.warn(`notifications: a tick failed, trying again at the next one: ${(err as Error).message}`));
    await this.ticking;
    this.ticking = undefined;
    if (this.stopped) return;
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : this.options.settings.tickMs);
  }

  /** One pass over the four steps; public so tests can drive it without timers. */
  async tick(): Promise<void> {
    const canaries = await this.store.listChangeRequests({ state: 'canary' });
    await this.sweepFailures(canaries);
    await this.announcePromotable(canaries);
    for (const webhook of this.webhooks) await this.fanOut(webhook.id, new Set(webhook.events));
    await this.deliverDue();
  }

  /** (a) Failures since the last sweep that fall in a canary window, other than the CR's own apply registrations. */
  private async sweepFailures(canaries: ChangeRequest[]): Promise<void> {
    let cursor = await this.store.getNotificationCursor(FAILURE_CURSOR);
    if (cursor === undefined) {
      await this.store.setNotificationCursor(FAILURE_CURSOR, null, 0);
      cursor = 0;
    }
    const failures = await this.store.listFailures({ afterId: cursor, limit: PAGE });
    if (failures.length === 0) return;
    const drafts: NotificationDraft[] = [];
    for (const failure of failures) {
      const cr = canaries.find((c) => failure.report.changeRequestId !== c.id && failure.createdAt >= c.canary!.startedAt && windowSubjects(c).includes(failure.subject));
      if (cr) drafts.push(canaryFailureEvent(failure, cr));
    }
    // Events first, then the cursor: a crash between them appends the same keys again, which the store ignores.
    await this.store.appendNotifications(drafts);
    await this.store.setNotificationCursor(FAILURE_CURSOR, cursor, failures.at(-1)!.id);
    if (failures.length === PAGE) this.again = true;
  }

  /** (b) Canary windows that have run their course with no failure. */
  private async announcePromotable(canaries: ChangeRequest[]): Promise<void> {
    if (canaries.length === 0) return;
    const policy = await this.options.policy();
    const now = this.options.clock.now();
    for (const cr of canaries) {
      const status = canaryStatus(cr, now, policy, 0)!;
      if (status.remainingMs > 0 || this.announced.has(`promotable:${cr.id}:${status.startedAt}`)) continue;
      if ((await canaryFailureCount(this.store, cr)) > 0) continue;
      const event = promotableEvent(cr, status);
      await this.store.appendNotifications([event]);
      this.announced.add(event.key);
    }
  }

  /** (c) Events after the webhook's cursor, queued for it if it wants their type; the cursor moves past all of them. */
  private async fanOut(webhookId: string, wanted: ReadonlySet<string>): Promise<void> {
    const cursor = (await this.store.getNotificationCursor(webhookCursor(webhookId))) ?? null;
    const events = await this.store.listNotifications({ afterSeq: cursor ?? 0, limit: PAGE });
    if (events.length === 0) return;
    const seqs = events.filter((e) => wanted.has(e.type)).map((e) => e.seq);
    // Lost to another instance: it queued these, and this one reads the cursor again next tick.
    await this.store.queueDeliveries(webhookId, cursor, events.at(-1)!.seq, seqs);
    if (events.length === PAGE) this.again = true;
  }

  /** (d) Claims due deliveries up to the in-flight bound and attempts them without holding up the tick. */
  private async deliverDue(): Promise<void> {
    const room = this.options.settings.maxInFlight - this.inFlight.size;
    if (room <= 0 || this.webhooks.length === 0) return;
    const now = this.options.clock.now();
    const due = await this.store.dueDeliveries({
      now: now.toISOString(),
      // Long enough for the attempt and its bookkeeping; after it, another tick (or instance) may try again.
      leaseUntil: new Date(now.getTime() + this.options.settings.timeoutMs + 30_000).toISOString(),
      limit: room,
      webhookIds: this.webhooks.map((w) => w.id),
    });
    for (const delivery of due) {
      const attempt = this.deliver(delivery).finally(() => {
        this.inFlight.delete(attempt);
        // The webhook's next event may be waiting behind this one.
        this.wake();
      });
      this.inFlight.add(attempt);
    }
  }

  private async deliver({ webhookId, attempts, event, lease }: DueDelivery): Promise<void> {
    const webhook = this.webhooks.find((w) => w.id === webhookId)!;
    const { settings, clock } = this.options;
    try {
      const result = await attemptDelivery(webhook, event, { now: clock.now(), timeoutMs: settings.timeoutMs, userAgent: this.options.userAgent, consoleUrl: settings.consoleUrl, fetch: this.options.fetch });
      const at = clock.now();
      if (result.ok) return await this.store.recordDeliveryAttempt(webhookId, event.seq, { delivered: true, at: at.toISOString() });
      const delay = retryDelayMs(attempts + 1, settings.retry, this.options.random);
      if (delay === null) this.options.log.warn(`notifications: gave up delivering ${event.key} (${event.type}) to webhook '${webhookId}' after ${attempts + 1} attempts: ${result.error}`);
      await this.store.recordDeliveryAttempt(webhookId, event.seq, {
        delivered: false,
        error: result.error,
        nextAttemptAt: delay === null ? null : new Date(at.getTime() + delay).toISOString(),
        lease,
      });
    } catch (err) {
      // The store failed: the lease expires and the delivery is tried again.
      this.options.log.warn(`notifications: recording a delivery to webhook '${webhookId}' failed: ${(err as Error).message}`);
    }
  }
}
