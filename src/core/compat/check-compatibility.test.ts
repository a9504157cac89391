import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchema } from '../parse-schema.ts';
import { checkCompatibility } from './check-compatibility.ts';

const avro = (fields: Array<Record<string, unknown>>) => parseSchema({ schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: 'R', fields }), references: [] });

describe('a transitive check', () => {
  it('lists every difference from the newest version, and only the breaking ones from older versions', () => {
    const v1 = avro([{ name: 'a', type: 'string' }]);
    const v2 = avro([{ name: 'b', type: 'long', default: 0 }]);
    const candidate = avro([{ name: 'a', type: 'int', default: 0 }, { name: 'b', type: 'long', default: 0 }]);
    const result = checkCompatibility({ candidate, previous: [{ version: 2, parsed: v2 }, { version: 1, parsed: v1 }], level: 'BACKWARD_TRANSITIVE', policy: 'STRICT' });
    const listed = result.differences.map((d) => `${d.version} ${d.ruleId} ${d.compatible ? 'ok' : 'breaks'}`);
    // v1 also lacks b (read as its default, compatible): not listed; its type change of a breaks: listed.
    assert.deepEqual(listed, ['2 READER_FIELD_DEFAULT_USED ok', '1 TYPE_MISMATCH breaks']);
    assert.equal(result.compatible, false);
    assert.deepEqual(result.versionsChecked, [2, 1]);
    assert.ok(result.differences.every((d) => !d.message.includes('{reader}') && !d.message.includes('{writer}')));
  });

  it('against one version lists every difference, as before', () => {
    const v1 = avro([{ name: 'a', type: 'string' }]);
    const candidate = avro([{ name: 'a', type: 'string' }, { name: 'b', type: 'long', default: 0 }]);
    const result = checkCompatibility({ candidate, previous: [{ version: 1, parsed: v1 }], level: 'BACKWARD', policy: 'STRICT' });
    assert.deepEqual(result.differences.map((d) => d.ruleId), ['READER_FIELD_DEFAULT_USED']);
    assert.match(result.differences[0].message, /only in the new schema/);
  });
});

describe('versions that write alike', () => {
  const withDefault = (d: number, type = 'long') => avro([{ name: 'a', type: 'string' }, { name: 'n', type, default: d }]);

  it('share a writer key when only their field defaults differ, and no other way', () => {
    assert.equal(withDefault(1).writerKey, withDefault(2).writerKey);
    assert.notEqual(withDefault(1).writerKey, withDefault(1, 'int').writerKey);
    assert.notEqual(withDefault(1).writerKey, avro([{ name: 'a', type: 'string' }, { name: 'm', type: 'long', default: 1 }]).writerKey);
    assert.equal(parseSchema({ schemaType: 'JSON', schema: '{"type":"object"}', references: [] }).writerKey, undefined);
  });

  it('are judged once, each keeping its own version in what is listed', () => {
    const candidate = avro([{ name: 'a', type: 'int' }]);
    const previous = [3, 2, 1].map((version) => ({ version, parsed: withDefault(version) }));
    const result = checkCompatibility({ candidate, previous, level: 'FULL_TRANSITIVE', policy: 'STRICT' });
    // Broken against the newest already: the check stops there, as Confluent's does.
    assert.deepEqual(result.versionsChecked, [3]);
    const compatibleWithAll = avro([{ name: 'a', type: 'string' }, { name: 'n', type: 'long', default: 0 }]);
    const again = checkCompatibility({ candidate: compatibleWithAll, previous, level: 'BACKWARD_TRANSITIVE', policy: 'STRICT' });
    assert.deepEqual(again.versionsChecked, [3, 2, 1]);
    assert.equal(again.compatible, true);
    const broken = checkCompatibility({ candidate, previous, level: 'BACKWARD_TRANSITIVE', policy: 'STRICT' });
    assert.deepEqual(broken.differences.filter((d) => !d.compatible).map((d) => d.version), [3]);
  });
});
