import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchema } from '../../parse-schema.ts';
import { checkCompatibility } from '../check-compatibility.ts';

// The rules' own cases are in rules/*.cases.ts, run by ../rule-cases.test.ts.
const parsed = (schema: unknown) => parseSchema({ schemaType: 'AVRO', schema: JSON.stringify(schema), references: [] });

describe('Avro schema resolution through the level reduction', () => {
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

  it('words the same difference for the other direction: forward says the old schema lacks it', () => {
    const result = checkCompatibility({
      candidate: parsed({ type: 'record', name: 'R', fields: [] }),
      previous: [{ version: 3, parsed: parsed({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }) }],
      level: 'FORWARD',
      policy: 'STRICT',
    });
    assert.equal(result.differences[0].message, "The field 'a' at path '/fields/0' in the old schema has no default value and is missing in the new schema");
    assert.equal(result.differences[0].direction, 'forward');
  });
});
