import { CONSOLE_ROUTE_SPECS } from './console-route-specs.ts';
import { GOVERNANCE_ROUTE_SPECS } from './governance-route-specs.ts';
import { REGISTRY_ROUTE_SPECS } from './registry-route-specs.ts';
import type { RouteSpec } from './route-spec-parts.ts';

export { COMMON_ERRORS, COMPONENT_SCHEMAS, type JsonSchema, type Refuse, type RouteSpec } from './route-spec-parts.ts';

/**
 * The one description of every route: what the OpenAPI document says about
 * it, and what is checked at the edge. Both `/openapi.json` and the route
 * validators are built from this table (see install-openapi.ts); a route
 * fastify knows but this table does not stops the server at start-up.
 *
 * Edge validation: a part (params, querystring, body) with a `refuse`
 * function gets its JSON Schema compiled by fastify and checked before the
 * handler. When the schema fails, `refuse` replays the service's own parser
 * on the same data, so the answer is the error the service would have given
 * (same code, same message). Should that parser accept the data after all,
 * the request goes on: the edge never refuses what the service accepts.
 * A part is edge-checked only where the service checks it first, so that a
 * request with two faults still gets the same error as before; the other
 * parts are described here and checked by the service.
 */
export const ROUTE_SPECS: Record<string, RouteSpec> = { ...REGISTRY_ROUTE_SPECS, ...GOVERNANCE_ROUTE_SPECS, ...CONSOLE_ROUTE_SPECS };
