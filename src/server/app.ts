import { createServer } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { errors } from '../core/errors.ts';
import type { RegistryServices } from '../compose-registry.ts';
import { registerBodyParsers } from './body-parser.ts';
import { SCHEMA_REGISTRY_V1 } from './content-types.ts';
import { bodyLimitFor, clientErrorHandler, registerErrorHandlers, sendError } from './error-handler.ts';
import { compatibilityRoutes } from './routes/compatibility-routes.ts';
import { configRoutes } from './routes/config-routes.ts';
import { miscRoutes } from './routes/misc-routes.ts';
import { schemaRoutes } from './routes/schema-routes.ts';
import { subjectRoutes } from './routes/subject-routes.ts';
import { governanceRoutes } from './routes/governance-routes.ts';
import { ServerMetrics } from './metrics.ts';
import { AUTH_OFF, type AuthSettings } from './auth/authenticator.ts';
import { authParts, registerAuth } from './auth/register-auth.ts';
import { consoleRoutes } from './console/console-routes.ts';
import { changeRequestRoutes } from './routes/change-request-routes.ts';
import { notificationRoutes } from './routes/notification-routes.ts';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from './server-settings.ts';
import { registerBodyBudget } from './body-budget.ts';
import { assertNoControlCharacters } from '../registry/subject-name.ts';
import { installOpenApi } from './openapi/install-openapi.ts';
import { fastReads } from './fast-reads.ts';
import { withHook } from './route-hooks.ts';

const SUBJECT_PARAM = /:subject(?![A-Za-z0-9_])/;

function checkSubjectParam(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const { subject } = (request.params ?? {}) as { subject?: unknown };
  try {
    if (typeof subject === 'string') assertNoControlCharacters(subject);
  } catch (err) {
    return done(err as Error);
  }
  done();
}

export interface AppOptions {
  /** The registry's services, composed with `events: metrics.events` (see composeRegistry). */
  services: RegistryServices;
  /** The server's Prometheus registry, whose events the services report to. */
  metrics: ServerMetrics;
  logLevel?: string;
  /** Off by default: then the server must listen on loopback only (the serve command enforces it). */
  auth?: AuthSettings;
  /** Timeouts and connection limits (`server:` in the config file). */
  server?: Partial<ServerSettings>;
}

/**
 * Builds the HTTP server around a registry: Confluent's REST API with one
 * body parser and one error handler. Listening is the caller's business.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services, metrics } = options;
  const { registry } = services;
  const limits = { ...DEFAULT_SERVER_SETTINGS, ...options.server };
  const app = Fastify({
    logger: { level: options.logLevel ?? 'warn' },
    bodyLimit: bodyLimitFor(registry.ctx.settings.maxSchemaBytes),
    serverFactory: (routed) => {
      // With auth on, every request takes the full path: its credentials are checked there.
      const fast = options.auth?.enabled ? undefined : fastReads(registry, metrics);
      const handler: typeof routed = fast ? (req, res) => fast(req, res) || routed(req, res) : routed;
      // Long subject names arrive in the request line; Node's 16 KiB default would drop them without an answer.
      const server = createServer(
        {
          maxHeaderSize: 256 * 1024,
          requestTimeout: limits.requestTimeoutMs,
          headersTimeout: limits.headersTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          // Node enforces the two timeouts above on this tick (30 s by default): a quarter of the shorter keeps them close to what they say.
          connectionsCheckingInterval: Math.max(250, Math.min(30_000, limits.headersTimeoutMs / 4)),
        },
        handler,
      );
      server.maxConnections = limits.maxConnections;
      return server;
    },
    routerOptions: { maxParamLength: 100_000, ignoreTrailingSlash: true },
    clientErrorHandler,
    frameworkErrors: (error, _request, reply) => {
      sendError(reply, errors.badRequest(`The request URL is not valid: ${error.message}`));
    },
  });
  metrics.watchGovernance(() => services.governanceSnapshot.read(), { onError: (err) => app.log.warn({ err }, 'reading the governance gauges failed; /metrics keeps their last values') });
  registerBodyParsers(app);
  registerBodyBudget(app, limits.maxBodyBytesInFlight);
  registerErrorHandlers(app, { maxSchemaBytes: registry.ctx.settings.maxSchemaBytes });
  // Before any route: its onRoute check sees every route, its hook guards every one.
  const auth = authParts(options.auth ?? AUTH_OFF, registry.ctx.clock);
  registerAuth(app, auth);
  // Before any route too: every route gets its spec (edge validators, /openapi.json) from src/server/openapi.
  installOpenApi(app, registry.ctx.settings);
  metrics.instrument(app);
  app.addHook('onSend', (_request, reply, payload, done) => {
    // Confluent's content type on every JSON answer, unless a route set one.
    const type = reply.getHeader('content-type');
    if (type === undefined || String(type).startsWith('application/json')) reply.header('content-type', SCHEMA_REGISTRY_V1);
    done(null, payload);
  });
  // Only routes with a :subject parameter can carry one: the check is theirs alone, not a step of every request.
  app.addHook('onRoute', (route) => {
    if (SUBJECT_PARAM.test(route.url)) route.preValidation = withHook(route.preValidation, checkSubjectParam);
  });
  subjectRoutes(app, registry);
  schemaRoutes(app, registry);
  configRoutes(app, registry);
  compatibilityRoutes(app, registry);
  miscRoutes(app, registry);
  const dryRunLimit = { maxDryRunBytes: registry.ctx.settings.maxDryRunBytes };
  governanceRoutes(app, services, dryRunLimit);
  changeRequestRoutes(app, services, dryRunLimit);
  notificationRoutes(app, services);
  consoleRoutes(app, services, auth);
  return app;
}
