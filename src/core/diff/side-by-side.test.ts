import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCompatibility } from '../compat/check-compatibility.ts';
import { parseSchema } from '../parse-schema.ts';
import type { SchemaType } from '../types.ts';
import { formatSchemaText, sideBySide, type DiffFlag, type DiffRow, type SideBySideDiff } from './side-by-side.ts';

/** The console's path: two registered schemas, the real checker's differences (FULL: both directions) as flags, the diff of their formatted texts. */
function consoleDiff(type: SchemaType, oldSchema: unknown, newSchema: unknown) {
  const text = (s: unknown) => (typeof s === 'string' ? s : JSON.stringify(s));
  const old = parseSchema({ schemaType: type, schema: text(oldSchema), references: [] });
  const next = parseSchema({ schemaType: type, schema: text(newSchema), references: [] });
  const result = checkCompatibility({ candidate: next, previous: [{ version: 1, parsed: old }], level: 'FULL', policy: 'STRICT' });
  const flags: DiffFlag[] = result.differences.map((d) => ({
    ruleId: d.ruleId,
    path: d.path,
    message: d.message,
    verdict: d.compatible ? 'compatible' : 'breaking',
    direction: d.direction,
  }));
  const diff = sideBySide(formatSchemaText(type, old.text), formatSchemaText(type, next.text), flags);
  /** The row carrying the one flag of this rule and direction. */
  const rowOf = (ruleId: string, direction: 'backward' | 'forward'): DiffRow => {
    const flag = flags.filter((f) => f.ruleId === ruleId && f.direction === direction);
    assert.equal(flag.length, 1, `one ${direction} ${ruleId} among ${flags.map((f) => `${f.direction} ${f.ruleId} ${f.path}`).join('; ')}`);
    const rows = diff.rows.filter((row) => row.flags.includes(flag[0]));
    assert.equal(rows.length, 1, `${ruleId} ${flag[0].path} is on one row`);
    return rows[0];
  };
  return { diff, flags, rowOf };
}

/** Every line of each text on exactly one row, in order, and every flag on one row or unplaced. */
function assertWellFormed(diff: SideBySideDiff, flags: DiffFlag[], oldLines: number, newLines: number) {
  const left = diff.rows.flatMap((row) => (row.left ? [row.left.line] : []));
  const right = diff.rows.flatMap((row) => (row.right ? [row.right.line] : []));
  assert.deepEqual(left, Array.from({ length: oldLines }, (_, i) => i + 1));
  assert.deepEqual(right, Array.from({ length: newLines }, (_, i) => i + 1));
  assert.equal(diff.rows.reduce((n, row) => n + row.flags.length, 0) + diff.unplaced.length, flags.length);
}

const lineCount = (text: string) => text.split('\n').length;

describe('an Avro record whose fields change', () => {
  const old = { type: 'record', name: 'Order', namespace: 'shop', fields: [
    { name: 'id', type: 'string' }, { name: 'price', type: 'double' }, { name: 'qty', type: 'int' },
  ] };
  const next = { type: 'record', name: 'Order', namespace: 'shop', fields: [
    { name: 'id', type: 'string' }, { name: 'qty', type: 'long' }, { name: 'note', type: ['null', 'string'], default: null }, { name: 'amount', type: 'double' },
  ] };
  const { diff, flags, rowOf } = consoleDiff('AVRO', old, next);

  it('flags the removed price field on its own line of the old schema, though /fields/1 of the new one is qty', () => {
    // Forward, old readers miss price: the path counts the old schema's fields.
    const row = rowOf('READER_FIELD_MISSING_DEFAULT_VALUE', 'forward');
    assert.equal(row.left?.text.trim(), '"name": "price",');
    assert.equal(row.flags.find((f) => f.ruleId === 'READER_FIELD_MISSING_DEFAULT_VALUE')?.verdict, 'breaking');
    // Backward the same removal is reported at the record (`/`), naming the field in its message.
    assert.equal(rowOf('WRITER_FIELD_IGNORED', 'backward'), row);
  });

  it('flags the optional field added on its line of the new schema, as compatible', () => {
    const row = rowOf('READER_FIELD_DEFAULT_USED', 'backward');
    assert.equal(row.right?.text.trim(), '"name": "note",');
    assert.equal(row.flags.find((f) => f.ruleId === 'READER_FIELD_DEFAULT_USED')?.verdict, 'compatible');
  });

  it('flags the required field added on the added row that names it', () => {
    const row = rowOf('READER_FIELD_MISSING_DEFAULT_VALUE', 'backward');
    assert.equal(row.kind, 'added');
    assert.equal(row.left, undefined);
    assert.equal(row.right?.text.trim(), '"name": "amount",');
  });

  it('flags a type change on the type line', () => {
    assert.equal(rowOf('TYPE_PROMOTED', 'backward').right?.text.trim(), '"type": "long"');
    assert.equal(rowOf('TYPE_MISMATCH', 'forward').left?.text.trim(), '"type": "int"');
  });

  it('places every flag, and keeps every line of both texts in order', () => {
    assert.deepEqual(diff.unplaced, []);
    assertWellFormed(diff, flags, lineCount(formatSchemaText('AVRO', JSON.stringify(old))), lineCount(formatSchemaText('AVRO', JSON.stringify(next))));
    assert.deepEqual(diff.rows.slice(0, 10).map((row) => row.kind), Array(10).fill('same'));
    assert.equal(diff.truncated, false);
  });
});

describe('a JSON Schema whose properties change', () => {
  const old = { type: 'object', properties: { id: { type: 'string' }, price: { type: 'number' }, qty: { type: 'integer', maximum: 10 } }, required: ['id'], additionalProperties: false };
  const next = { type: 'object', properties: { id: { type: 'string' }, qty: { type: 'integer', maximum: 5 }, note: { type: 'string' } }, required: ['id', 'qty'], additionalProperties: false };
  const { diff, flags, rowOf } = consoleDiff('JSON', old, next);

  it('flags the removed price property on its removed line, and nowhere on the right', () => {
    const row = rowOf('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'backward');
    assert.deepEqual({ kind: row.kind, left: row.left, right: row.right }, { kind: 'removed', left: { line: 7, text: '    "price": {' }, right: undefined });
  });

  it('flags the added note property, the lowered maximum and the newly required qty on their lines', () => {
    const added = rowOf('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', 'backward');
    assert.deepEqual([added.kind, added.right?.line, added.right?.text], ['added', 11, '    "note": {']);
    const maximum = rowOf('MAXIMUM_DECREASED', 'backward');
    assert.deepEqual([maximum.kind, maximum.left?.text.trim(), maximum.right?.text.trim()], ['changed', '"maximum": 10', '"maximum": 5']);
    assert.equal(rowOf('REQUIRED_ATTRIBUTE_ADDED', 'backward').right?.text.trim(), '"qty"');
  });

  it('places every flag', () => {
    assert.deepEqual(diff.unplaced, []);
    assertWellFormed(diff, flags, lineCount(formatSchemaText('JSON', JSON.stringify(old))), lineCount(formatSchemaText('JSON', JSON.stringify(next))));
  });
});

describe('a Protobuf schema whose fields change', () => {
  const old = `syntax = "proto3";
package shop;
message Order {
  string id = 1;
  double price = 2;
  int32 qty = 3;
  message Line {
    string sku = 1;
  }
}
`;
  const next = `syntax = "proto3";
package shop;
message Order {
  string id = 1;
  string qty = 3;
  message Line {
    string sku = 1;
    int64 units = 2;
  }
  oneof payment {
    string card = 4;
  }
}
`;
  const { diff, flags, rowOf } = consoleDiff('PROTOBUF', old, next);

  it('flags the removed field by its number on its line of the old schema', () => {
    assert.equal(rowOf('FIELD_REMOVED', 'backward').left?.line, 5);
    assert.equal(rowOf('FIELD_REMOVED', 'backward').left?.text, '  double price = 2;');
  });

  it('flags a nested message\'s new field, a oneof\'s field and a kind change on their lines', () => {
    assert.equal(rowOf('FIELD_ADDED', 'backward').right?.text, '    int64 units = 2;');
    assert.equal(rowOf('ONEOF_FIELD_ADDED', 'backward').right?.text, '    string card = 4;');
    assert.equal(rowOf('FIELD_SCALAR_KIND_CHANGED', 'backward').right?.text, '  string qty = 3;');
  });

  it('places every flag', () => {
    assert.deepEqual(diff.unplaced, []);
    assertWellFormed(diff, flags, 10, 13);
  });
});

describe('the rows of a line diff', () => {
  it('pair a run of removed lines with the added ones as changed rows, the rest apart, with 1-based line numbers', () => {
    const diff = sideBySide('a\nb\nc\nd\n', 'a\nx\ny\nz\nd\ne\n', []);
    assert.deepEqual(
      diff.rows.map((row) => [row.kind, row.left?.line, row.right?.line]),
      [['same', 1, 1], ['changed', 2, 2], ['changed', 3, 3], ['added', undefined, 4], ['same', 4, 5], ['added', undefined, 6]],
    );
    assert.deepEqual(diff.stats, { added: 2, removed: 0, changed: 2 });
  });

  it('of a new subject (no old text) are all added, and its flags are on the right', () => {
    const text = formatSchemaText('AVRO', JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'a', type: 'int' }] }));
    const flag: DiffFlag = { ruleId: 'NOTE', path: '/fields/0', message: 'a note on a', verdict: 'compatible' };
    const diff = sideBySide(null, text, [flag]);
    assert.ok(diff.rows.every((row) => row.kind === 'added' && row.left === undefined));
    assert.deepEqual(diff.rows.map((row) => row.right?.line), Array.from({ length: lineCount(text) }, (_, i) => i + 1));
    assert.deepEqual(diff.rows.find((row) => row.flags.length > 0)?.right?.text.trim(), '"name": "a",');
    assert.deepEqual(diff.stats, { added: lineCount(text), removed: 0, changed: 0 });
  });

  it('of identical texts are all the same, with nothing unplaced', () => {
    const text = formatSchemaText('JSON', '{"type":"object","properties":{"a":{"type":"string"}}}');
    const diff = sideBySide(text, text, []);
    assert.ok(diff.rows.every((row) => row.kind === 'same' && row.left?.line === row.right?.line));
    assert.deepEqual([diff.rows.length, diff.unplaced, diff.truncated, diff.stats], [lineCount(text), [], false, { added: 0, removed: 0, changed: 0 }]);
  });

  it('leave a flag whose path names nothing in either text unplaced', () => {
    const flag: DiffFlag = { ruleId: 'TYPE_CHANGED', path: '#/properties/gone', message: 'x', verdict: 'breaking' };
    const diff = sideBySide('{\n  "type": "object"\n}', '{\n  "type": "string"\n}', [flag]);
    assert.deepEqual(diff.unplaced, [flag]);
  });
});

describe('the bound on a line diff', () => {
  it('returns two 20,000-line texts that differ everywhere as one changed block', () => {
    // The bound (maxEdits, and the work allowed per edit) is what keeps the
    // event loop free: without it this pair costs the diff 40,000 rounds.
    const left = Array.from({ length: 20_000 }, (_, i) => `  "left${i}": ${i},`).join('\n');
    const right = Array.from({ length: 20_000 }, (_, i) => `  "right${i}": ${i},`).join('\n');
    const diff = sideBySide(left, right, []);
    assert.equal(diff.truncated, true);
    assert.equal(diff.rows.length, 20_000);
    assert.ok(diff.rows.every((row, i) => row.kind === 'changed' && row.left?.line === i + 1 && row.right?.line === i + 1));
    assert.deepEqual(diff.stats, { added: 0, removed: 0, changed: 20_000 });
  });

  it('keeps the common head and tail when it gives up', () => {
    const diff = sideBySide('h\na\nb\nc\nt\n', 'h\nx\ny\nt\n', [], { maxEdits: 2 });
    assert.equal(diff.truncated, true);
    assert.deepEqual(diff.rows.map((row) => row.kind), ['same', 'changed', 'changed', 'removed', 'same']);
  });

  it('does not diff texts longer than maxLines line by line', () => {
    const diff = sideBySide('a\nb\nc\n', 'a\nb\nd\n', [], { maxLines: 2 });
    assert.equal(diff.truncated, true);
    assert.deepEqual(diff.rows.map((row) => row.kind), ['same', 'same', 'changed']);
  });
});

describe('formatSchemaText', () => {
  it('pretty-prints a one-line Avro or JSON schema with its keys in order and its numbers as written', () => {
    const text = '{"type":"record","name":"R","fields":[{"name":"n","type":"long","default":12345678901234567890},{"name":"e","type":{"type":"array","items":"int"},"default":[]}]}';
    const formatted = formatSchemaText('AVRO', text);
    assert.equal(formatted.split('\n')[1], '  "type": "record",');
    assert.ok(formatted.includes('"default": 12345678901234567890'));
    assert.equal(formatted.replace('12345678901234567890', '1'), JSON.stringify(JSON.parse(text.replace('12345678901234567890', '1')), null, 2));
  });

  it('leaves Protobuf and text that is not JSON as they are, with CRLF made LF', () => {
    assert.equal(formatSchemaText('PROTOBUF', 'syntax = "proto3";\r\nmessage M {}\r\n'), 'syntax = "proto3";\nmessage M {}\n');
    assert.equal(formatSchemaText('JSON', '{"type":\r\n'), '{"type":\n');
  });
});
