import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import type { SchemaType, ValidationMode } from '../core/types.ts';
import type { RegistryEvents } from '../registry/registry-context.ts';
import { RequestMetrics } from '../metrics/request-metrics.ts';
import { validationFailuresCounter } from '../metrics/validation-failures.ts';
import { isReadRoute } from './auth/route-access.ts';
import type { GovernanceSnapshot } from '../governance/governance-snapshot.ts';
import { GovernanceGauges, type GovernanceGaugesOptions } from './governance-gauges.ts';
import { withHook } from './route-hooks.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One Prometheus registry per server: validation failures by subject and
 * mode, planned major changes by subject, registrations by format, requests by route and status, and Node's
 * process metrics. In-process counters restart at zero with the process;
 * governance decisions never read them (they read the durable events).
 * The governance gauges (subjects by mode, unaudited subjects, the audit
 * chain, open canaries) are read from the store instead: see governance-gauges.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly failures = validationFailuresCounter(this.registry);
  private readonly planned = new Counter({
    name: 'schemagate_planned_major_changes_total',
    help: 'Incompatible versions registered as a change request declared and its approvers accepted (majorChanges), by subject: planned, not failures.',
    labelNames: ['subject'],
    registers: [this.registry],
  });
  private readonly registrations = new Counter({
    name: 'schemagate_registrations_total',
    help: 'Schema versions registered, by format.',
    labelNames: ['format'],
    registers: [this.registry],
  });
  // Requests by route, method and status and their latency: counted per request, so counted cheaply (see RequestMetrics).
  private readonly requests = new RequestMetrics(
    this.registry,
    {
      counter: 'schemagate_http_requests_total',
      counterHelp: 'HTTP requests answered, by route, method and status.',
      histogram: 'schemagate_http_request_duration_seconds',
      histogramHelp: 'HTTP request latency, by route, method and status.',
    },
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );

  private governance: GovernanceGauges | undefined;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Adds the governance gauges, read with `read` when scraped. */
  watchGovernance(read: () => Promise<GovernanceSnapshot>, options?: GovernanceGaugesOptions): void {
    this.governance = new GovernanceGauges(this.registry, read, options);
  }

  readonly events: RegistryEvents = {
    validationFailed: (subject: string, mode: ValidationMode) => this.failures.inc({ subject, mode }),
    plannedMajorChange: (subject: string) => this.planned.inc({ subject }),
    versionRegistered: (format: SchemaType) => this.registrations.inc({ format }),
  };

  /** A request answered before routing (see fast-reads), counted as its route. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.observe(route, method, status, seconds);
  }

  /** Times every request; the route label is the route pattern, so its cardinality stays bounded. */
  instrument(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      this.requests.observe(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
    // Whatever is not a read may have changed governance state (a refused registration records its failure too).
    // Marked before the answer leaves, not after: a client that scrapes once answered must see its write.
    // Only writes that took effect: reads sent as POST (lookups, compatibility checks, dry-runs) and refusals
    // other than strict's 409 (which records a failure) change nothing, and must not make every scrape re-read.
    // Which routes may write is known when they are added: the hook goes on those alone, so a read runs no
    // step for it (instrument before any route that writes). Unmatched requests answer 404 and change nothing.
    const invalidateOnWrite = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      const tookEffect = reply.statusCode < 300 || reply.statusCode === 409;
      if (tookEffect && !SAFE_METHODS.has(request.method) && !isReadRoute(request.method, request.routeOptions.url ?? '')) this.governance?.invalidate();
      done(null, payload);
    };
    app.addHook('onRoute', (route) => {
      const mayWrite = [route.method].flat().some((method) => !SAFE_METHODS.has(method) && !isReadRoute(method, route.url));
      if (mayWrite) route.onSend = withHook(route.onSend, invalidateOnWrite);
    });
    app.get('/metrics', async (_request, reply) => reply.type(this.registry.contentType).send(await this.registry.metrics()));
  }
}
