import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { diffJsonSchemas } from '../../src/core/compat/json-schema/compare-json-schema.ts';
import { jsonSchemaRules, isCompatibleJsonDifference } from '../../src/core/compat/json-schema/json-schema-rules.ts';
import { loadJsonSchemaNode } from '../../src/core/compat/json-schema/load-json-schema.ts';
import { jsonSchemaFormat } from '../../src/core/formats/json-schema/json-schema-format.ts';
import { everyCase, jsonSchemaCases } from '../helpers/rule-cases.ts';
import { CONFORMANCE_DIR, CONFORMANCE_MISSING, multisetDiff, readCases, type ConfluentCase } from './confluent-cases.ts';

const SOURCES = [
  'json-schema-provider/diff-schema-examples.json',
  'json-schema-provider/diff-schema-examples-2020-12.json',
  'json-schema-provider/diff-combined-schema-examples.json',
  'json-schema-provider/diff-combined-schema-examples-2020-12.json',
];

const node = (schema: unknown) => loadJsonSchemaNode(jsonSchemaFormat.parse(JSON.stringify(schema), []).model);

function check(c: ConfluentCase): void {
  const original = node(c.original_schema);
  const update = node(c.update_schema);
  const strict = diffJsonSchemas(original, update, 'STRICT');
  const { missing, extra } = multisetDiff(c.changes, strict.map((d) => `${d.ruleId} ${d.path}`));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'differences as a multiset');
  assert.equal(strict.every((d) => isCompatibleJsonDifference(d.ruleId, 'STRICT')), c.compatible, 'STRICT verdict');
  const lenient = diffJsonSchemas(original, update, 'LENIENT');
  assert.equal(lenient.every((d) => isCompatibleJsonDifference(d.ruleId, 'LENIENT')), c.compatible_lenient ?? c.compatible, 'LENIENT verdict');
}

for (const source of SOURCES) {
  describe(`JSON Schema cases: ${source}`, { skip: CONFORMANCE_MISSING }, () => {
    const cases = readCases(source);
    it('has cases', () => assert.ok(cases.length > 0));
    cases.forEach((c, i) => it(`#${i} ${c.description}`, () => check(c)));
  });
}

describe('JSON Schema catalog', { skip: CONFORMANCE_MISSING }, () => {
  // Our own cases (rules/*.cases.ts) cover what Confluent's files do not exercise.
  it('sees every rule fire in at least one case', async () => {
    const ours = everyCase(await jsonSchemaCases());
    const fired = new Set([...SOURCES.flatMap((s) => readCases(s)), ...ours].flatMap((c) => c.changes.map((change) => change.split(' ')[0])));
    const silent = [...new Set(jsonSchemaRules.map((r) => r.id))].filter((id) => !fired.has(id));
    assert.deepEqual(silent, []);
  });

  it("terminates on Confluent's recursive schema and finds it equal to itself", () => {
    const schema = JSON.parse(readFileSync(resolve(CONFORMANCE_DIR, 'json-schema-provider/recursive-schema.json'), 'utf8'));
    assert.deepEqual(diffJsonSchemas(node(schema), node(schema), 'STRICT'), []);
  });
});
