import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffProtobuf } from '../../src/core/compat/protobuf/compare-protobuf.ts';
import { protobufCatalog, protobufRules } from '../../src/core/compat/protobuf/protobuf-rules.ts';
import { protobufFormat } from '../../src/core/formats/protobuf/protobuf-format.ts';
import { everyCase, protobufCases } from '../helpers/rule-cases.ts';
import { CONFORMANCE_MISSING, multisetDiff, protobufReferencesOf, readCases, type ConfluentCase } from './confluent-cases.ts';

const SOURCES = ['protobuf-provider/diff-schema-examples.json'];

function check(c: ConfluentCase): void {
  const original = protobufFormat.parse(c.original_schema as string, protobufReferencesOf(c, 'original')).model;
  const update = protobufFormat.parse(c.update_schema as string, protobufReferencesOf(c, 'update')).model;
  const diffs = diffProtobuf(original, update);
  const { missing, extra } = multisetDiff(c.changes, diffs.map((d) => `${d.ruleId} ${d.path}`));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'differences as a multiset');
  assert.equal(diffs.every((d) => protobufCatalog.isCompatible(d.ruleId, 'STRICT')), c.compatible, 'verdict');
}

for (const source of SOURCES) {
  describe(`Protobuf cases: ${source}`, { skip: CONFORMANCE_MISSING }, () => {
    const cases = readCases(source);
    it('has cases', () => assert.ok(cases.length > 0));
    cases.forEach((c, i) => it(`#${i} ${c.description}`, () => check(c)));
  });
}

describe('Protobuf catalog', { skip: CONFORMANCE_MISSING }, () => {
  // Our own cases (rules/*.cases.ts) add the rules Confluent's file does not exercise.
  it('sees every rule fire in at least one case', async () => {
    const ours = everyCase(await protobufCases());
    const fired = new Set([...SOURCES.flatMap((s) => readCases(s)), ...ours].flatMap((c) => c.changes.map((change) => change.split(' ')[0])));
    assert.deepEqual(protobufRules.map((r) => r.id).filter((id) => !fired.has(id)), []);
  });
});
