import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { avroFormat } from '../../formats/avro/avro-format.ts';
import { parseSchema } from '../../parse-schema.ts';
import { checkCompatibility } from '../check-compatibility.ts';
import { avroRules } from './avro-rules.ts';
import { compareAvro } from './compare-avro.ts';

interface AvroCase {
  description: string;
  reader: unknown;
  writer: unknown;
  changes: string[];
  compatible: boolean;
}

/** Cases written from the Avro specification's schema resolution rules. */
const cases = JSON.parse(readFileSync(new URL('../../../../test/fixtures/compat/avro-rules.json', import.meta.url), 'utf8')) as AvroCase[];
const model = (schema: unknown) => avroFormat.parse(JSON.stringify(schema), []).model;
const parsed = (schema: unknown) => parseSchema({ schemaType: 'AVRO', schema: JSON.stringify(schema), references: [] });

describe('Avro schema resolution rules', () => {
  it('has at least 60 cases', () => assert.ok(cases.length >= 60, `${cases.length} cases`));

  for (const c of cases) {
    it(c.description, () => {
      const found = compareAvro(model(c.reader), model(c.writer), { policy: 'STRICT' });
      assert.deepEqual(found.map((d) => `${d.ruleId} ${d.path}`).sort(), [...c.changes].sort());
      assert.equal(found.every((d) => d.compatible), c.compatible);
      // The same pair through the level reduction, in both directions: BACKWARD
      // registers the reader as the new schema, FORWARD registers the writer.
      const backward = checkCompatibility({ candidate: parsed(c.reader), previous: [{ version: 1, parsed: parsed(c.writer) }], level: 'BACKWARD', policy: 'STRICT' });
      const forward = checkCompatibility({ candidate: parsed(c.writer), previous: [{ version: 1, parsed: parsed(c.reader) }], level: 'FORWARD', policy: 'STRICT' });
      assert.equal(backward.compatible, c.compatible, 'BACKWARD with the reader as the new schema');
      assert.equal(forward.compatible, c.compatible, 'FORWARD with the writer as the new schema');
      for (const d of backward.differences) assert.doesNotMatch(d.message, /\{reader\}|\{writer\}/);
    });
  }

  it('sees every rule fire in at least one case', () => {
    const fired = new Set(cases.flatMap((c) => c.changes.map((change) => change.split(' ')[0])));
    assert.deepEqual(avroRules.map((r) => r.id).filter((id) => !fired.has(id)), []);
  });

  it('words a broken case for the direction: backward says the new schema lacks a default', () => {
    const result = checkCompatibility({
      candidate: parsed({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }),
      previous: [{ version: 3, parsed: parsed({ type: 'record', name: 'R', fields: [] }) }],
      level: 'BACKWARD',
      policy: 'STRICT',
    });
    assert.equal(result.differences[0].message, "The field 'a' at path '/fields/0' in the new schema has no default value and is missing in the old schema");
    assert.ok(result.messages.includes('{oldSchemaVersion: 3}'));
  });
});
