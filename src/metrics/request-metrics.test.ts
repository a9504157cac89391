import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { RequestMetrics } from './request-metrics.ts';

const NAMES = { counter: 'x_requests_total', counterHelp: 'Requests.', histogram: 'x_duration_seconds', histogramHelp: 'Latency.' };
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** prom-client's own Counter and Histogram, as the server used them before: what RequestMetrics must print. */
function promClientPair(registry: Registry) {
  const labelNames = ['route', 'method', 'status'];
  const counter = new Counter({ name: NAMES.counter, help: NAMES.counterHelp, labelNames, registers: [registry] });
  const histogram = new Histogram({ name: NAMES.histogram, help: NAMES.histogramHelp, labelNames, buckets: BUCKETS, registers: [registry] });
  return (route: string, method: string, status: number, seconds: number) => {
    const labels = { route, method, status: String(status) };
    counter.inc(labels);
    histogram.observe(labels, seconds);
  };
}

const observations: Array<[string, string, number, number]> = [
  ['/schemas/ids/:id', 'GET', 200, 0.0004],
  ['/schemas/ids/:id', 'GET', 200, 0.0005], // on a bound: counts in that bucket
  ['/schemas/ids/:id', 'GET', 404, 0.0031],
  ['/subjects/:subject', 'POST', 200, 0.07],
  ['unmatched', 'PATCH', 404, 3.7], // above the last bound: +Inf only
  ['/subjects/:subject', 'POST', 200, 0.0123456789],
  ['/say "hi"\\\n', 'GET', 200, 1], // label values that need escaping
  ['/schemas/ids/:id', 'GET', 200, 0.1 + 0.2],
];

// The server's registry prints the Prometheus text format (never OpenMetrics, where prom-client renames counters).
test('RequestMetrics prints what prom-client Counter and Histogram print for the same requests', async () => {
  const expected = new Registry();
  const actual = new Registry();
  const record = promClientPair(expected);
  const metrics = new RequestMetrics(actual, NAMES, BUCKETS);
  assert.equal(await actual.metrics(), await expected.metrics(), 'before any request');
  for (const [route, method, status, seconds] of observations) {
    record(route, method, status, seconds);
    metrics.observe(route, method, status, seconds);
  }
  assert.equal(await actual.metrics(), await expected.metrics());
  assert.deepEqual(await actual.getMetricsAsJSON(), await expected.getMetricsAsJSON());
});

test('RequestMetrics resets with its registry', async () => {
  const expected = new Registry();
  const actual = new Registry();
  const record = promClientPair(expected);
  const metrics = new RequestMetrics(actual, NAMES, BUCKETS);
  record('/a', 'GET', 200, 0.002);
  metrics.observe('/a', 'GET', 200, 0.002);
  expected.resetMetrics();
  actual.resetMetrics();
  assert.equal(await actual.metrics(), await expected.metrics());
});
