import { packageVersion } from '../../package-version.ts';
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { errorTable, isRegistryError, statusOf, type ErrorName } from '../../core/errors.ts';
import type { RegistrySettings } from '../../registry/registry-context.ts';
import { COMMON_ERRORS, COMPONENT_SCHEMAS, ROUTE_SPECS, type JsonSchema, type Refuse, type RouteSpec } from './route-specs.ts';

/** The methods an OpenAPI path item can describe; `app.all` routes answer more, described by these. */
export const OPENAPI_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

type Part = 'params' | 'querystring' | 'body';
interface KnownRoute {
  method: string;
  url: string;
  spec: RouteSpec;
}

export function specFor(method: string, url: string): RouteSpec | undefined {
  // Fastify adds a HEAD route for every GET route: the GET's spec describes it.
  return ROUTE_SPECS[`${method} ${url}`] ?? ROUTE_SPECS[`* ${url}`] ?? (method === 'HEAD' ? ROUTE_SPECS[`GET ${url}`] : undefined);
}

/**
 * Edge validation and `/openapi.json`, both from ROUTE_SPECS. Must run before
 * any route is added: its onRoute hook attaches each route's edge schemas and
 * records the route for the document, and refuses a route without a spec.
 */
export function installOpenApi(app: FastifyInstance, settings: RegistrySettings): void {
  const routes: KnownRoute[] = [];
  // Checks only: no type coercion, no defaults, nothing removed, so the handler sees the request as it came.
  const ajv = new Ajv({ strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false, allErrors: false });

  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const specs = methods.map((method) => specFor(method, route.url));
    const spec = specs[0];
    if (!spec || specs.some((s) => s !== spec)) throw new Error(`route ${methods.join(',')} ${route.url} has no spec in src/server/openapi/route-specs.ts`);
    for (const method of methods) routes.push({ method, url: route.url, spec });
    const edge = spec.edge;
    if (!edge) return;
    const schema: Record<string, JsonSchema> = { ...(route.schema as Record<string, JsonSchema> | undefined) };
    if (edge.params && spec.params) schema.params = { type: 'object', properties: spec.params };
    if (edge.querystring && spec.query) schema.querystring = { type: 'object', properties: spec.query };
    if (edge.body && spec.body) schema.body = inlineRefs(spec.body);
    route.schema = schema;
  });

  app.setValidatorCompiler(({ schema, method, url, httpPart }) => {
    const refuse = specFor(method, url)?.edge?.[httpPart as Part];
    const validate = ajv.compile(schema as JsonSchema);
    if (!refuse) return (data: unknown) => validate(data);
    return (data: unknown) => (validate(data) ? true : refusal(refuse, data, settings));
  });

  let document: string | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    document ??= JSON.stringify(buildOpenApiDocument(routes));
    return reply.type('application/json; charset=utf-8').send(document);
  });
}

/** The service's own error for data the edge schema refused; none (let it through) when the service accepts it after all. */
function refusal(refuse: Refuse, data: unknown, settings: RegistrySettings): true | { error: Error } {
  try {
    refuse(data, settings);
  } catch (err) {
    if (isRegistryError(err)) return { error: err };
  }
  return true;
}

function inlineRefs(schema: unknown): JsonSchema {
  if (Array.isArray(schema)) return schema.map(inlineRefs) as unknown as JsonSchema;
  if (schema === null || typeof schema !== 'object') return schema as JsonSchema;
  const ref = (schema as { $ref?: string }).$ref;
  if (ref !== undefined) return inlineRefs(COMPONENT_SCHEMAS[ref.replace('#/components/schemas/', '')]);
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inlineRefs(value)]));
}

/** `/subjects/:subject` → `/subjects/{subject}`; a trailing wildcard becomes `{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
}

export function buildOpenApiDocument(routes: ReadonlyArray<KnownRoute>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const getUrls = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  for (const { method, url, spec } of routes) {
    // Fastify answers HEAD for every GET route; the GET describes it.
    if (method === 'HEAD' && getUrls.has(url)) continue;
    if (!(OPENAPI_METHODS as readonly string[]).includes(method)) continue;
    const path = openApiPath(url);
    (paths[path] ??= {})[method.toLowerCase()] = operation(method, path, spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'schemagate',
      version: packageVersion(),
      description:
        "Confluent-compatible schema registry with governed rollouts. Every error answers {error_code, message}; the codes are listed in docs/errors.md. Bodies are validated by the service, and at the edge where this document's route says so (see docs/decisions/012-openapi.md).",
    },
    tags: [...new Set(routes.map((r) => r.spec.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: COMPONENT_SCHEMAS,
      securitySchemes: { basic: { type: 'http', scheme: 'basic', description: 'When authentication is on (auth: in the config).' } },
    },
    security: [{}, { basic: [] }],
  };
}

function operation(method: string, path: string, spec: RouteSpec): Record<string, unknown> {
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const parameters = [
    ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: spec.params?.[name] ?? { type: 'string' } })),
    ...Object.entries(spec.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
  ];
  const edge = Object.keys(spec.edge ?? {});
  const op: Record<string, unknown> = {
    operationId: `${method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.description && { description: spec.description }),
    ...(parameters.length > 0 && { parameters }),
    'x-edge-validated': edge,
    responses: responses(spec),
  };
  if (spec.body) {
    op.requestBody = {
      required: false,
      ...(spec.bodyText && { description: 'Kept as text for the worker engine: described here, not parsed or validated at the edge.' }),
      content: { 'application/vnd.schemaregistry.v1+json': { schema: spec.body }, 'application/json': { schema: spec.body } },
    };
  }
  return op;
}

function responses(spec: RouteSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    [String(spec.ok.status)]: { description: spec.ok.description, content: { [spec.ok.type ?? 'application/vnd.schemaregistry.v1+json']: { schema: spec.ok.schema } } },
  };
  const byStatus = new Map<number, ErrorName[]>();
  for (const name of [...new Set([...spec.errors, ...COMMON_ERRORS])]) {
    const status = statusOf(errorTable[name].code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), name]);
  }
  for (const [status, names] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (String(status) === String(spec.ok.status)) continue;
    out[String(status)] = {
      description: names.map((name) => `${errorTable[name].code}: ${errorTable[name].title}`).join('; '),
      'x-error-codes': names.map((name) => errorTable[name].code),
      content: { 'application/vnd.schemaregistry.v1+json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return out;
}
