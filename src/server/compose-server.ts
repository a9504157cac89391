import type { FastifyInstance } from 'fastify';
import { composeRegistry, type ComposeOptions, type RegistryServices } from '../compose-registry.ts';
import { buildApp, type AppOptions } from './app.ts';
import { ServerMetrics } from './metrics.ts';

export interface ComposedServer {
  app: FastifyInstance;
  services: RegistryServices;
  metrics: ServerMetrics;
}

/**
 * The registry's services and the HTTP app around them, wired in one
 * place: the metrics exist first, so the services report to them from the
 * start. `serve` and the tests build servers through it.
 */
export async function composeServer(options: Omit<ComposeOptions, 'events'> & Omit<AppOptions, 'services' | 'metrics'>): Promise<ComposedServer> {
  const metrics = new ServerMetrics();
  const services = composeRegistry({ store: options.store, clock: options.clock, settings: options.settings, engine: options.engine, events: metrics.events });
  const app = await buildApp({ services, metrics, logLevel: options.logLevel, auth: options.auth, server: options.server });
  return { app, services, metrics };
}
