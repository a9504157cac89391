import { Counter, type Registry } from 'prom-client';

/** The name the product's runbook and dashboards know. */
export const FAILURES_METRIC = 'seamless_schema_validation_failures_total';

/**
 * The validation failure counter in a Prometheus registry: the server's own,
 * or the application's when the in-memory client runs inside it. Asking twice
 * gives the same counter, so several clients in one process add up.
 */
export function validationFailuresCounter(registry: Registry): Counter<'subject' | 'mode'> {
  const existing = registry.getSingleMetric(FAILURES_METRIC);
  if (existing) return existing as Counter<'subject' | 'mode'>;
  return new Counter({
    name: FAILURES_METRIC,
    help: 'Incompatible schema registrations (allowed in canary, refused in strict), by subject and validation mode.',
    labelNames: ['subject', 'mode'],
    registers: [registry],
  });
}
