import type { Registry } from 'prom-client';

interface Tally {
  labels: { route: string; method: string; status: string };
  /** Per bucket, not cumulative; an observation above the last bound is in `count` only. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * HTTP requests answered (a counter) and their latency (a histogram), by
 * route, method and status: printed by prom-client exactly as its own
 * Counter and Histogram print them (same values, same order: see its test),
 * but counted for a fraction of the cost. prom-client hashes and checks the
 * label object on every call, twice per request; here one Map lookup on a
 * string key finds the tally both metrics read, and the work is done when
 * Prometheus scrapes, not when a request is answered.
 */
export class RequestMetrics {
  private readonly tallies = new Map<string, Tally>();
  private readonly bounds: readonly number[];

  constructor(
    registry: Registry,
    names: { counter: string; counterHelp: string; histogram: string; histogramHelp: string },
    buckets: readonly number[],
  ) {
    this.bounds = [...buckets].sort((a, b) => a - b);
    registry.registerMetric(this.counterView(names.counter, names.counterHelp) as never);
    registry.registerMetric(this.histogramView(names.histogram, names.histogramHelp) as never);
  }

  observe(route: string, method: string, status: number, seconds: number): void {
    const key = `${route} ${method} ${status}`;
    let tally = this.tallies.get(key);
    if (tally === undefined) {
      tally = { labels: { route, method, status: String(status) }, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.tallies.set(key, tally);
    }
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]) {
        tally.buckets[i]++;
        break;
      }
    }
    tally.sum += seconds;
    tally.count++;
  }

  private counterView(name: string, help: string) {
    const values = () => [...this.tallies.values()].map((t) => ({ value: t.count, labels: t.labels }));
    return {
      name,
      help,
      type: 'counter',
      aggregator: 'sum',
      get: async () => ({ name, help, type: 'counter', values: values(), aggregator: 'sum' }),
      reset: () => this.tallies.clear(),
    };
  }

  private histogramView(name: string, help: string) {
    const bucket = `${name}_bucket`;
    // As prom-client's Histogram: cumulative buckets, +Inf, sum, count; the route labels shared, `le` its own.
    const values = () =>
      [...this.tallies.values()].flatMap((t) => {
        let cumulative = 0;
        return [
          ...this.bounds.map((le, i) => ({ labels: { le }, sharedLabels: t.labels, value: (cumulative += t.buckets[i]), metricName: bucket, exemplar: null })),
          { labels: { le: '+Inf' }, sharedLabels: t.labels, value: t.count, metricName: bucket, exemplar: null },
          { labels: {}, sharedLabels: t.labels, value: t.sum, metricName: `${name}_sum`, exemplar: undefined },
          { labels: {}, sharedLabels: t.labels, value: t.count, metricName: `${name}_count`, exemplar: undefined },
        ];
      });
    const forPromString = () => ({ name, help, type: 'histogram', values: values(), aggregator: 'sum' });
    return {
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      getForPromString: async () => forPromString(),
      // As JSON, prom-client merges the shared labels into each value's own.
      get: async () => ({ ...forPromString(), values: values().map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })) }),
      reset: () => this.tallies.clear(),
    };
  }
}
