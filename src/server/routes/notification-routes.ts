import type { FastifyInstance } from 'fastify';
import type { RegistryServices } from '../../compose-registry.ts';
import { queryString, type Query } from '../query.ts';

/** /governance/notifications: the governance events (the console's feed) and their webhook deliveries. */
export function notificationRoutes(app: FastifyInstance, services: RegistryServices): void {
  const feed = services.notifications;
  app.get<{ Querystring: Query }>('/governance/notifications', async (request) => {
    const q = request.query;
    return feed.events({ after: queryString(q, 'after'), before: queryString(q, 'before'), limit: queryString(q, 'limit'), changeRequest: queryString(q, 'changeRequest') });
  });
  app.get<{ Querystring: Query }>('/governance/notifications/deliveries', async (request) => {
    const q = request.query;
    return feed.deliveries({ state: queryString(q, 'state'), webhook: queryString(q, 'webhook'), limit: queryString(q, 'limit') });
  });
}
