import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchema } from '../parse-schema.ts';
import { MAX_RECORD_DEPTH, recordValidatorFor } from './record-validator.ts';

const validator = (schema: unknown) => recordValidatorFor(parseSchema({ schemaType: 'JSON', schema: JSON.stringify(schema), references: [] }));

describe('recordValidatorFor', () => {
  it('holds each record to its own schema’s pattern, however many patterns were compiled before', () => {
    const first = validator({ type: 'string', pattern: '^a' });
    const second = validator({ type: 'string', pattern: '^(a+)+$' });
    const third = validator({ type: 'object', patternProperties: { '^x-': { type: 'integer' } }, propertyNames: { pattern: '^(x-|id)' } });
    assert.deepEqual(first('abc'), []);
    assert.equal(second('abc').length, 1, 'abc is not all a');
    assert.equal(second(`${'a'.repeat(100_000)}!`).length, 1);
    assert.deepEqual(second('aaaa'), []);
    assert.deepEqual(third({ 'x-n': 1, id: 'z' }), []);
    assert.ok(third({ other: 1 }).length >= 1, 'a property name outside propertyNames');
  });

  it('reports a record nested too deeply as invalid, without walking it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const issues = validator({ type: 'array' })(deep);
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, new RegExp(`nests 10000 levels deep; the limit is ${MAX_RECORD_DEPTH}`));
  });

  it('reports a schema that recurses without consuming data as an issue of the record', () => {
    const loop = validator({ $schema: 'https://json-schema.org/draft/2020-12/schema', $dynamicAnchor: 'x', $dynamicRef: '#x' });
    const issues = loop({ any: 'thing' });
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /recursed without end/);
  });
});
