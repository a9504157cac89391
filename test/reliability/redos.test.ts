import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startServer, type RunningServer } from '../helpers/start-server.ts';
import { healthProbe, send } from './reliability-helpers.ts';

/**
 * Patterns a backtracking engine needs exponential time for, where a client
 * can put them: in a dry-run's schema and its samples, in a registration and
 * in a compatibility check (property names matched against a stored
 * schema's patternProperties). A probe calls /healthz all along.
 */
const EVIL = ['^(a+)+$', '^(a|aa)+$', '^(a|a?)+$', '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$'];
const ATTACK = `${'a'.repeat(40_000)}!`;
const json = (schema: unknown) => ({ schemaType: 'JSON', schema: JSON.stringify(schema) });

let server: RunningServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

it('answers every hostile pattern quickly while /healthz stays fast', async (t) => {
  const probe = healthProbe(server.url, 5);
  const timings: Array<[string, number, number]> = [];
  const hostile = async (what: string, method: string, path: string, body: unknown) => {
    const res = await send(server.url, method, path, JSON.stringify(body));
    timings.push([what, res.ms, res.status]);
    assert.ok(res.status < 500, `${what}: ${res.status} ${res.text.slice(0, 200)}`);
    return res;
  };

  for (const [i, pattern] of EVIL.entries()) {
    const stringSchema = { type: 'string', pattern };
    const objectSchema = { type: 'object', patternProperties: { [pattern]: { type: 'integer' } }, propertyNames: { pattern } };
    const dry = await hostile(`dry-run samples, pattern ${i}`, 'POST', '/governance/dry-run', {
      schemas: [{ subject: `s${i}`, ...json(stringSchema) }, { subject: `o${i}`, ...json(objectSchema) }],
      samples: { [`s${i}`]: [ATTACK, 'a'.repeat(12) + '!', 'aaaa'], [`o${i}`]: [{ [ATTACK]: 1 }, { aaa: 'x' }] },
    });
    assert.equal(dry.status, 200, dry.text.slice(0, 300));
    // The short samples are safe for JavaScript's own engine, which says what the answer must be; the attack matches none of the patterns.
    const expected = 1 + ['a'.repeat(12) + '!', 'aaaa'].filter((s) => !new RegExp(pattern, 'u').test(s)).length;
    assert.equal(JSON.parse(dry.text).subjects[0].samples.invalid, expected, `pattern ${pattern}`);
    // Stored: a schema with the pattern as a patternProperties key; then property names that attack it.
    assert.equal((await hostile(`register pattern ${i}`, 'POST', `/subjects/p${i}/versions`, json(objectSchema))).status, 200);
    const named = { ...objectSchema, properties: { [ATTACK]: { type: 'integer' }, ['a'.repeat(30) + '!']: { type: 'integer' } } };
    await hostile(`compatibility check, pattern ${i}`, 'POST', `/compatibility/subjects/p${i}/versions/latest?verbose=true`, json(named));
    await hostile(`registration, pattern ${i}`, 'POST', `/subjects/p${i}/versions`, json(named));
  }
  await hostile('format email', 'POST', '/governance/dry-run', {
    schemas: [{ subject: 'mail', ...json({ type: 'string', format: 'email' }) }, { subject: 'uri', ...json({ type: 'string', format: 'uri' }) }],
    samples: { mail: [`${'a'.repeat(50_000)}@`, `${'a.'.repeat(25_000)}@x`], uri: [`http://${'a'.repeat(50_000)}`, `${'a:'.repeat(25_000)}`] },
  });

  const health = await probe.stop();
  const slowest = [...timings].sort((a, b) => b[1] - a[1]);
  t.diagnostic(`${timings.length} hostile requests, slowest ${slowest.slice(0, 3).map(([w, ms]) => `${w}: ${ms.toFixed(0)} ms`).join(', ')}`);
  t.diagnostic(`/healthz meanwhile: ${health.count} probes, p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(1)} ms`);
  assert.ok(slowest[0][1] < 2000, `every hostile request answers within 2 s; ${slowest[0][0]} took ${slowest[0][1].toFixed(0)} ms`);
  assert.ok(health.p99 < 200, `/healthz p99 ${health.p99.toFixed(1)} ms`);
});
