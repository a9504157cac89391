import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { apiHarness } from '../helpers/api-harness.ts';

const HISTORY = resolve(import.meta.dirname, '../../../shared/examples/qmtl/history');

type Verdict = { strict: boolean; lenient: boolean; breaking: string[] };

/** Defended transition by transition in docs/compat/qmtl-history.md. */
const EXPECTED: Record<string, Verdict[]> = {
  activation_envelope: [
    { strict: false, lenient: true, breaking: ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
    { strict: true, lenient: true, breaking: [] },
    { strict: true, lenient: true, breaking: [] },
    { strict: false, lenient: true, breaking: ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'] },
  ],
  decision_envelope: [
    { strict: true, lenient: true, breaking: [] },
    { strict: false, lenient: false, breaking: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED'] },
    { strict: false, lenient: false, breaking: ['COMBINED_TYPE_SUBSCHEMAS_CHANGED'] },
    { strict: true, lenient: true, breaking: [] },
    { strict: true, lenient: true, breaking: [] },
  ],
  event_activation_updated: [
    { strict: true, lenient: true, breaking: [] },
    { strict: true, lenient: true, breaking: [] },
    { strict: true, lenient: true, breaking: [] },
    { strict: false, lenient: false, breaking: ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', 'TYPE_CHANGED'] },
    { strict: false, lenient: false, breaking: ['TYPE_CHANGED'] },
  ],
  event_queue_updated: [
    { strict: true, lenient: true, breaking: [] },
    { strict: false, lenient: false, breaking: ['TYPE_CHANGED'] },
  ],
  portfolio_snapshot: [{ strict: false, lenient: false, breaking: ['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'TYPE_CHANGED'] }],
  world_node_ref: [{ strict: false, lenient: false, breaking: ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL'] }],
};

describe('replaying the QMTL history through the registry', { skip: existsSync(HISTORY) ? false : `no history at ${HISTORY}` }, () => {
  for (const subject of Object.keys(EXPECTED)) {
    it(`${subject}: a verdict per transition, under STRICT and LENIENT`, async () => {
      const api = await apiHarness();
      try {
        const files = readdirSync(resolve(HISTORY, subject)).sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)));
        const schemas = files.map((f) => readFileSync(resolve(HISTORY, subject, f), 'utf8'));
        assert.equal(schemas.length - 1, EXPECTED[subject].length);
        const first = await api.register(subject, schemas[0], { schemaType: 'JSON' });
        assert.equal(first.status, 200, first.text);
        for (const [i, expected] of EXPECTED[subject].entries()) {
          const body = { schema: schemas[i + 1], schemaType: 'JSON' };
          await api.request('PUT', `/config/${subject}`, { compatibilityPolicy: 'LENIENT' });
          const lenient = await api.request('POST', `/compatibility/subjects/${subject}/versions/latest`, body);
          await api.request('PUT', `/config/${subject}`, { compatibilityPolicy: 'STRICT' });
          const strict = await api.request('POST', `/compatibility/subjects/${subject}/versions/latest?verbose=true`, body);
          const step = `v${i} → v${i + 1}`;
          assert.equal(strict.body.is_compatible, expected.strict, `${step} STRICT`);
          assert.equal(lenient.body.is_compatible, expected.lenient, `${step} LENIENT`);
          const rules = [...new Set((strict.body.messages as string[]).flatMap((m) => /errorType:'(\w+)'/.exec(m)?.[1] ?? []))].sort();
          assert.deepEqual(rules, expected.breaking, `${step} breaking rules`);
          // Canary mode registers every version; the incompatible ones carry the warning.
          const registered = await api.register(subject, schemas[i + 1], { schemaType: 'JSON' });
          assert.equal(registered.status, 200, registered.text);
          assert.equal(registered.headers.warning !== undefined, !expected.strict, `${step} warning header`);
        }
      } finally {
        await api.close();
      }
    });
  }
});
