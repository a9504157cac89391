import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpHarness, testAuth } from '../helpers/http-harness.ts';

const schema = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });
const headersOf = (res: { headers: Headers }) => Object.fromEntries([...res.headers].filter(([name]) => name !== 'date'));

describe('GET /schemas/ids/{id} answered before routing', () => {
  it('answers a repeated request in the same status, headers and bytes as the routed one, and counts it in the same metrics', async () => {
    const h = await httpHarness();
    try {
      const { body } = await h.call(undefined, 'POST', '/subjects/orders/versions', { schema });
      const first = await h.call(undefined, 'GET', `/schemas/ids/${body.id}`);
      const second = await h.call(undefined, 'GET', `/schemas/ids/${body.id}`);
      assert.equal(first.status, 200);
      assert.equal(second.status, first.status);
      assert.deepEqual(headersOf(second), headersOf(first));
      assert.equal(second.text, first.text);
      const metrics = (await h.call(undefined, 'GET', '/metrics')).text;
      const line = metrics.split('\n').find((l) => l.startsWith('schemagate_http_requests_total') && l.includes('route="/schemas/ids/:id"') && l.includes('status="200"'));
      assert.match(line ?? '', / 2$/, `both requests counted: ${line}`);
    } finally {
      await h.close();
    }
  });

  it('leaves every other form to the router: unknown ids, queries, trailing slashes, leading zeros', async () => {
    const h = await httpHarness();
    try {
      const { body } = await h.call(undefined, 'POST', '/subjects/orders/versions', { schema });
      await h.call(undefined, 'GET', `/schemas/ids/${body.id}`);
      assert.equal((await h.call(undefined, 'GET', '/schemas/ids/999')).body.error_code, 40403);
      assert.ok('maxId' in (await h.call(undefined, 'GET', `/schemas/ids/${body.id}?fetchMaxId=true`)).body);
      assert.equal((await h.call(undefined, 'GET', `/schemas/ids/${body.id}/`)).status, 200);
      assert.equal((await h.call(undefined, 'GET', `/schemas/ids/0${body.id}`)).status, 200);
      assert.equal((await h.call(undefined, 'GET', '/schemas/ids/abc')).status, 404);
    } finally {
      await h.close();
    }
  });

  it('takes the full path when auth is on: no credentials, no schema, even for an id answered before', async () => {
    const h = await httpHarness({ auth: testAuth() });
    try {
      const { body } = await h.call('walt', 'POST', '/subjects/orders/versions', { schema });
      assert.equal((await h.call('rita', 'GET', `/schemas/ids/${body.id}`)).status, 200);
      const anonymous = await h.call(undefined, 'GET', `/schemas/ids/${body.id}`);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.error_code, 40101);
    } finally {
      await h.close();
    }
  });
});
