import { Counter, Gauge, type Registry } from 'prom-client';
import type { GovernanceSnapshot } from '../governance/governance-snapshot.ts';

export interface GovernanceGaugesOptions {
  /** How long one read of the store is served to scrapes (15 s: a typical scrape interval). */
  ttlMs?: number;
  /** A read slower than this is left running and the scrape gets the last values (a hung store must not hang /metrics). */
  timeoutMs?: number;
  /** Milliseconds on a clock that only moves forward; tests pass their own. */
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Governance state as gauges, read from the store when Prometheus scrapes
 * (never from in-process counters): the values are the same on every
 * instance sharing a store, and right after a restart. One read serves every
 * gauge of a scrape and every scrape for `ttlMs`; a write to this instance
 * makes the next scrape read again, so what an operator just did shows at
 * once here (and within `ttlMs` on the other instances). A failed read keeps
 * the last values and counts an error.
 */
export class GovernanceGauges {
  private snapshot: GovernanceSnapshot | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private stale = false;
  private inFlight: Promise<void> | undefined;
  private waiting: Promise<void> | undefined;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly errors: Counter;
  private readonly readSeconds: Gauge;

  constructor(
    registry: Registry,
    private readonly read: () => Promise<GovernanceSnapshot>,
    private readonly options: GovernanceGaugesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 15_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.now = options.now ?? (() => performance.now());
    const fresh = () => this.fresh();
    // Prometheus collects every metric of a scrape at once: these two wait for the scrape's read, so they count it.
    this.errors = new Counter({
      name: 'schemagate_governance_gauges_errors_total',
      help: 'Reads of the governance gauges from the store that failed or timed out; the gauges then keep their last values.',
      registers: [registry],
      async collect() {
        await fresh();
      },
    });
    this.readSeconds = new Gauge({
      name: 'schemagate_governance_gauges_read_seconds',
      help: 'How long the last successful read of the governance gauges from the store took.',
      registers: [registry],
      async collect() {
        await fresh();
      },
    });
    // Each gauge sets its values from the shared snapshot. Before the first
    // successful read it has none (unknown, not 0: an audit chain read as 0
    // would page someone because the store was not reachable yet).
    const gauge = <L extends string>(name: string, help: string, labelNames: L[], fill: (g: Gauge<L>, s: GovernanceSnapshot) => void) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const snapshot = await fresh();
          if (snapshot) fill(this, snapshot);
          // An unlabelled gauge prints 0 until set: remove its series instead.
          else if (labelNames.length === 0) this.remove({});
        },
      });
    gauge('schemagate_subjects', 'Subjects (with a live version or governance of their own) by effective validation mode.', ['mode'], (g, s) => {
      for (const [mode, count] of Object.entries(s.subjectsByMode)) g.set({ mode }, count);
    });
    gauge('schemagate_unaudited_subjects', 'Strict subjects no audit entry records: registrations and change requests on them are refused until one does.', [], (g, s) => g.set(s.unaudited));
    gauge('schemagate_audit_chain_ok', '1 when the audit log verifies (GET /governance/audit-log/verify), 0 when it does not.', [], (g, s) => g.set(s.audit.ok ? 1 : 0));
    gauge('schemagate_audit_entries', 'Entries in the audit log.', [], (g, s) => g.set(s.audit.entries));
    gauge('schemagate_canary_windows_open', 'Change requests in their canary window.', [], (g, s) => g.set(s.canaries.length));
    gauge('schemagate_canary_failures', 'Validation failures each subject of an open canary window saw since it began, as the promotion counts them: above 0 the change request cannot be promoted.', ['change_request', 'subject'], (g, s) => {
      // Closed windows must disappear, not linger at their last value.
      g.reset();
      for (const { changeRequest, failures } of s.canaries) for (const { subject, count } of failures) g.set({ change_request: String(changeRequest), subject }, count);
    });
  }

  /** Something was written through this instance: the next scrape reads the store again. */
  invalidate(): void {
    this.stale = true;
  }

  private async fresh(): Promise<GovernanceSnapshot | undefined> {
    // A wait under way is shared: the scrape's first gauge started it (and marked the values fresh already).
    if (this.waiting === undefined && !this.stale && this.now() - this.readAt < this.ttlMs) return this.snapshot;
    this.waiting ??= this.boundedRead().finally(() => (this.waiting = undefined));
    await this.waiting;
    return this.snapshot;
  }

  /** Waits for a read at most `timeoutMs`, counting one error per scrape that gave up; a hung read is not started twice. */
  private async boundedRead(): Promise<void> {
    this.inFlight ??= this.reread().finally(() => (this.inFlight = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), this.timeoutMs)));
    try {
      if ((await Promise.race([this.inFlight, timedOut])) === 'timeout') this.fail(new Error(`reading the governance gauges took longer than ${this.timeoutMs} ms`));
    } finally {
      clearTimeout(timer);
    }
  }

  private async reread(): Promise<void> {
    const started = this.now();
    // A write landing while this read runs marks it stale again.
    this.stale = false;
    try {
      this.snapshot = await this.read();
      this.readSeconds.set((this.now() - started) / 1000);
    } catch (error) {
      this.fail(error);
    }
    // A failing store is asked again after the TTL, not on every scrape.
    this.readAt = started;
  }

  private fail(error: unknown): void {
    this.errors.inc();
    this.options.onError?.(error);
  }
}
