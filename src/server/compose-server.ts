import { packageVersion } from '../package-version.ts';
import type { FastifyInstance } from 'fastify';
import { composeRegistry, type ComposeOptions, type RegistryServices } from '../compose-registry.ts';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.ts';
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from '../notifications/notification-settings.ts';
import type { RegistryEvents } from '../registry/registry-context.ts';
import { buildApp, type AppOptions } from './app.ts';
import { ServerMetrics } from './metrics.ts';

export interface ComposedServer {
  app: FastifyInstance;
  services: RegistryServices;
  metrics: ServerMetrics;
  /** Delivers governance events to the webhooks; built here, started by its host (serve) once the server listens. */
  notifier: NotificationDispatcher;
}

/**
 * The registry's services and the HTTP app around them, wired in one
 * place: the metrics exist first, so the services report to them from the
 * start, and governance writes wake the notifier. `serve` and the tests
 * build servers through it.
 */
export async function composeServer(
  options: Omit<ComposeOptions, 'events'> & Omit<AppOptions, 'services' | 'metrics'> & { notifications?: NotificationSettings },
): Promise<ComposedServer> {
  const metrics = new ServerMetrics();
  // The notifier needs the composed store, and the services its wake-up: it is bound here, before any request.
  let notifier: NotificationDispatcher | undefined;
  const events: RegistryEvents = {
    ...metrics.events,
    validationFailed: (subject, mode) => {
      metrics.events.validationFailed(subject, mode);
      // A failure in a canary window becomes a canary.failure event at the notifier's next tick: make that now.
      notifier?.wake();
    },
    notificationsQueued: () => notifier?.wake(),
  };
  const services = composeRegistry({ store: options.store, clock: options.clock, settings: options.settings, engine: options.engine, events });
  const app = await buildApp({ services, metrics, logLevel: options.logLevel, auth: options.auth, server: options.server });
  notifier = new NotificationDispatcher({
    store: services.ctx.store,
    clock: services.ctx.clock,
    policy: () => services.changeRequests.policy(),
    settings: options.notifications ?? DEFAULT_NOTIFICATION_SETTINGS,
    userAgent: `schemagate/${packageVersion()}`,
    log: { warn: (message) => app.log.warn(message) },
  });
  return { app, services, metrics, notifier };
}
