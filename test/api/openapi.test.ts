import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiHarness, type ApiHarness } from '../helpers/api-harness.ts';
import { OPENAPI_METHODS, openApiPath } from '../../src/server/openapi/install-openapi.ts';
import { errorTable } from '../../src/core/errors.ts';

let api: ApiHarness;
let doc: any;
before(async () => {
  api = await apiHarness({});
  const res = await api.request('GET', '/openapi.json');
  assert.equal(res.status, 200, res.text);
  doc = JSON.parse(res.text);
});
after(() => api.close());

/** Every (method, url) fastify routes, read from its printed route tree. */
function fastifyRoutes(): Array<{ method: string; url: string }> {
  const routes: Array<{ method: string; url: string }> = [];
  const stack: Array<{ depth: number; path: string }> = [];
  for (const line of api.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)(?:└── |├── )(\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length;
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    const parent = stack.at(-1)?.path ?? '';
    const segment = match[2];
    const path = segment === '*' && !parent.endsWith('/') ? `${parent}/*` : parent + segment;
    stack.push({ depth, path });
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url: path });
  }
  return routes;
}

const METHODS = new Set(OPENAPI_METHODS.map((m) => m.toLowerCase()));

function resolve(ref: string): unknown {
  assert.ok(ref.startsWith('#/'), `only local $refs: ${ref}`);
  return ref.slice(2).split('/').reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

function walk(node: unknown, visit: (value: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((item) => walk(item, visit));
  else if (node !== null && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((value) => walk(value, visit));
  }
}

describe('/openapi.json', () => {
  it('is an OpenAPI 3 document: version, info, operations, responses, unique operation ids', () => {
    assert.match(doc.openapi, /^3\.(0|1)\.\d+$/);
    assert.equal(typeof doc.info.title, 'string');
    assert.equal(typeof doc.info.version, 'string');
    assert.ok(Object.keys(doc.paths).length > 40);
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      assert.ok(path.startsWith('/'), path);
      for (const [method, op] of Object.entries<any>(item)) {
        assert.ok(METHODS.has(method), `${method} is not an OpenAPI operation`);
        assert.equal(typeof op.summary, 'string', `${method} ${path} summary`);
        assert.ok(Array.isArray(op.tags) && op.tags.length > 0, `${method} ${path} tags`);
        assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
        ids.add(op.operationId);
        assert.ok(Object.keys(op.responses).length > 0);
        for (const [status, response] of Object.entries<any>(op.responses)) {
          assert.match(status, /^[1-5]\d\d$/);
          assert.equal(typeof response.description, 'string');
        }
        // Every parameter of the path template is declared, and nothing else in the path.
        const template = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
        const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path');
        assert.deepEqual(declared.map((p: any) => p.name).sort(), template, `${method} ${path} path parameters`);
        for (const p of declared) assert.equal(p.required, true);
        for (const p of op.parameters ?? []) assert.ok(['path', 'query', 'header', 'cookie'].includes(p.in) && p.schema);
      }
    }
  });

  it('resolves every $ref', () => {
    walk(doc, (node) => {
      if (typeof node.$ref === 'string') assert.ok(resolve(node.$ref) !== undefined, `unresolved ${node.$ref}`);
    });
  });

  it('describes the error shape and, per route, the codes it can answer', () => {
    assert.deepEqual(doc.components.schemas.Error.required, ['error_code', 'message']);
    const known = new Set(Object.values(errorTable).map((e) => e.code));
    const op = doc.paths['/subjects/{subject}/versions/{version}'].get;
    assert.ok(op.responses['422']['x-error-codes'].includes(42202));
    assert.ok(op.responses['404']['x-error-codes'].includes(40402));
    walk(doc.paths, (node) => {
      for (const code of (node['x-error-codes'] as number[] | undefined) ?? []) assert.ok(known.has(code), `${code} is in the error table`);
    });
  });

  it('lists every route fastify serves, and only those', () => {
    const served = new Set(
      fastifyRoutes()
        .filter((r) => METHODS.has(r.method.toLowerCase()))
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`),
    );
    const documented = new Set(Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`)));
    // Fastify answers HEAD on every GET route; the GET describes it.
    for (const route of served) {
      if (route.startsWith('head ') && served.has(route.replace(/^head /, 'get '))) continue;
      assert.ok(documented.has(route), `${route} is served but not documented`);
    }
    for (const route of documented) assert.ok(served.has(route), `${route} is documented but not served`);
    assert.ok(documented.has('post /subjects/{subject}/versions'));
    assert.ok(documented.has('get /openapi.json'));
  });

  it('documents the text bodies of the dry-run and change-request routes without validating them', () => {
    for (const [path, method] of [['/governance/dry-run', 'post'], ['/governance/change-requests', 'post'], ['/governance/change-requests/{id}/schemas', 'put']]) {
      const op = doc.paths[path][method];
      assert.ok(op.requestBody, `${method} ${path} body`);
      assert.deepEqual(op['x-edge-validated'], []);
    }
  });
});

describe('edge validation', () => {
  /** Replaces a service method for one call: the edge must answer before it runs. */
  async function refusedBeforeService(method: keyof ApiHarness['registry'], call: () => Promise<{ status: number; body: any; text: string }>, status: number, code: number) {
    const registry = api.registry as any;
    const original = registry[method];
    let reached = false;
    registry[method] = (...args: unknown[]) => {
      reached = true;
      return original.apply(registry, args);
    };
    try {
      const res = await call();
      assert.equal(res.status, status, res.text);
      assert.equal(res.body.error_code, code, res.text);
      assert.equal(reached, false, `${String(method)} was reached`);
    } finally {
      registry[method] = original;
    }
  }

  it('refuses a non-integer schema id with 40403, before the service', async () => {
    await refusedBeforeService('getSchemaByIdJson', () => api.request('GET', '/schemas/ids/abc'), 404, 40403);
    await refusedBeforeService('getSubjectsForSchema', () => api.request('GET', '/schemas/ids/1x/subjects'), 404, 40403);
  });

  it('refuses a bad version with 42202, before the service', async () => {
    await refusedBeforeService('getVersion', () => api.request('GET', '/subjects/s/versions/abc'), 422, 42202);
    await refusedBeforeService('deleteVersion', () => api.request('DELETE', '/subjects/s/versions/1.5'), 422, 42202);
    await refusedBeforeService('testCompatibility', () => api.request('POST', '/compatibility/subjects/s/versions/x', { schema: '"string"' }), 422, 42202);
  });

  it('refuses bad paging and query parameters with their 400/422, before the service', async () => {
    await refusedBeforeService('listSubjects', () => api.request('GET', '/subjects?offset=x'), 400, 400);
    await refusedBeforeService('listSchemas', () => api.request('GET', '/schemas?limit=1e3'), 400, 400);
    await refusedBeforeService('register', () => api.request('POST', '/subjects/s/versions?validationMode=loose', { schema: '"string"' }), 422, 42250);
  });

  it('refuses malformed lookup and compatibility bodies with the service’s codes, before the service', async () => {
    await refusedBeforeService('lookup', () => api.request('POST', '/subjects/s', { schema: 5 }), 422, 42201);
    await refusedBeforeService('lookup', () => api.request('POST', '/subjects/s', [1]), 400, 400);
    await refusedBeforeService('testCompatibility', () => api.request('POST', '/compatibility/subjects/s/versions', { schema: '"string"', references: 'no' }), 422, 42201);
    await refusedBeforeService('testCompatibility', () => api.request('POST', '/compatibility/subjects/s/versions', { schema: '"string"', version: 1.5 }), 422, 42202);
  });

  it('still accepts what the service accepts: unknown fields, any-case values, repeated parameters', async () => {
    assert.equal((await api.request('POST', '/subjects/s/versions?validationMode=STRICT', { schema: '"string"', flavour: 'x' })).status, 200);
    assert.equal((await api.request('POST', '/subjects/s', { schema: '"string"', schemaType: 'avro', flavour: 'x' })).status, 200);
    assert.equal((await api.request('GET', '/subjects/s/versions/LATEST')).status, 200);
    assert.equal((await api.request('GET', '/subjects/s/versions/-1')).status, 200);
    assert.equal((await api.request('GET', '/subjects?offset=x&offset=0')).status, 200);
    assert.equal((await api.request('GET', '/subjects?offset=%201%20')).status, 200);
  });
});
