import assert from 'node:assert/strict';
import type { HttpHarness } from './http-harness.ts';

export const priceV1 = { type: 'record', name: 'Price', namespace: 'com.acme', fields: [{ name: 'amount', type: 'double' }] };
export const priceV2 = { ...priceV1, fields: [...priceV1.fields, { name: 'currency', type: 'string', default: 'EUR' }] };
export const order = { type: 'record', name: 'Order', namespace: 'com.acme', fields: [{ name: 'id', type: 'string' }, { name: 'total', type: 'com.acme.Price' }] };

/** A bundle of two subjects where the new one references the other at the version the bundle gives it. */
export const bundle = {
  schemas: [
    { subject: 'price', schemaType: 'AVRO', schema: JSON.stringify(priceV2) },
    { subject: 'order', schemaType: 'AVRO', schema: JSON.stringify(order), references: [{ name: 'com.acme.Price', subject: 'price', version: -1 }] },
  ],
  samples: { order: [{ id: 'o-1', total: { amount: 3.5, currency: 'USD' } }, { id: 'o-2', total: { amount: 1, currency: 'EUR' } }] },
};

/** A CR taken through dry-run, both approvals and apply; returns its path. */
export async function canaryChangeRequest(h: HttpHarness, body: Record<string, unknown> = bundle): Promise<string> {
  if ((await h.call('rita', 'GET', '/subjects/price/versions')).status === 404) {
    await h.call('walt', 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
  }
  const cr = (await h.call('alice', 'POST', '/governance/change-requests', { title: 'first', reference: 'https://git.example/pr/1', ...body })).body;
  const path = `/governance/change-requests/${cr.id}`;
  const steps = [
    await h.call('alice', 'POST', `${path}/dry-run`),
    await h.call('bob', 'POST', `${path}/approvals`, { role: 'data-platform', notes: 'ok' }),
    await h.call('carol', 'POST', `${path}/approvals`, { role: 'strategy-owner', notes: 'ok' }),
    await h.call('alice', 'POST', `${path}/apply`),
  ];
  for (const step of steps) assert.equal(step.status, 200, step.text);
  return path;
}

/**
 * Records the global strict validation mode with an audit entry, as an
 * operator does once after turning it on: until then every subject strict
 * only because of it is unaudited, and takes no new schema.
 */
export async function recordGlobalStrict(api: { request(method: string, url: string, body?: unknown): Promise<{ status: number; text: string }> }): Promise<void> {
  const res = await api.request('POST', '/governance/audit-log', {
    user: 'ops',
    global: true,
    schemaBundleSha: '0'.repeat(64),
    changeRequest: 'https://git.example/ops/global-strict',
    validationWindow: 'none (global strict mode)',
    notes: 'strict everywhere, as Confluent enforces compatibility',
  });
  assert.equal(res.status, 200, res.text);
}
