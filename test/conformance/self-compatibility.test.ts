import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { checkCompatibility } from '../../src/core/compat/check-compatibility.ts';
import type { ResolvedReference } from '../../src/core/formats/schema-format.ts';
import { parseSchema } from '../../src/core/parse-schema.ts';
import { COMPATIBILITY_LEVELS, type SchemaType } from '../../src/core/types.ts';
import { allFormatCases, everyCase } from '../helpers/rule-cases.ts';
import { CONFORMANCE_MISSING, protobufReferencesOf, readCases } from './confluent-cases.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../../shared/examples/qmtl');

type Entry = { name: string; type: SchemaType; text: string; references?: ResolvedReference[] };

/** Bundle schemas refer to each other by URL (`$ref: "https://qmtl.dev/schemas/x.schema.json"`): pass those as references. */
function bundleReferences(text: string): ResolvedReference[] {
  const dir = join(EXAMPLES, 'reference-schemas');
  return [...text.matchAll(/"\$ref":\s*"https?:\/\/[^"]*\/([\w.-]+\.schema\.json)"/g)].map(([, file]) => ({
    name: file,
    subject: file.replace(/\.schema\.json$/, ''),
    version: 1,
    schemaType: 'JSON' as const,
    schema: readFileSync(join(dir, file), 'utf8'),
    references: [],
  }));
}

/** Every schema the repository knows of: the example bundle, its history, and every conformance and rule-case schema. */
async function corpus(): Promise<Entry[]> {
  const out: Entry[] = [];
  const files = (dir: string): string[] =>
    existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(e.parentPath, e.name)) : [];
  for (const file of files(EXAMPLES)) {
    const text = readFileSync(file, 'utf8');
    out.push({ name: file.slice(EXAMPLES.length + 1), type: 'JSON', text, references: bundleReferences(text) });
  }
  for (const source of ['json-schema-provider/diff-schema-examples.json', 'json-schema-provider/diff-schema-examples-2020-12.json', 'json-schema-provider/diff-combined-schema-examples.json', 'json-schema-provider/diff-combined-schema-examples-2020-12.json']) {
    readCases(source).forEach((c, i) => {
      out.push({ name: `${source}#${i} original`, type: 'JSON', text: JSON.stringify(c.original_schema) });
      out.push({ name: `${source}#${i} update`, type: 'JSON', text: JSON.stringify(c.update_schema) });
    });
  }
  for (const source of ['protobuf-provider/diff-schema-examples.json']) {
    readCases(source).forEach((c, i) => {
      out.push({ name: `${source}#${i} original`, type: 'PROTOBUF', text: c.original_schema as string, references: protobufReferencesOf(c, 'original') });
      out.push({ name: `${source}#${i} update`, type: 'PROTOBUF', text: c.update_schema as string, references: protobufReferencesOf(c, 'update') });
    });
  }
  for (const format of await allFormatCases()) {
    for (const c of everyCase(format)) {
      // Protobuf cases hold .proto text; Avro and JSON Schema cases hold the JSON itself.
      const text = (schema: unknown) => (format.schemaType === 'PROTOBUF' ? (schema as string) : JSON.stringify(schema));
      out.push({ name: `${format.name}: ${c.description} (reader)`, type: format.schemaType, text: text(c.reader) });
      out.push({ name: `${format.name}: ${c.description} (writer)`, type: format.schemaType, text: text(c.writer) });
    }
  }
  return out;
}

describe('every schema is compatible with itself under every level', { skip: CONFORMANCE_MISSING }, () => {
  let schemas: Entry[] = [];
  before(async () => {
    schemas = await corpus();
  });
  it('covers the example bundle and the conformance schemas', () => assert.ok(schemas.length > 700, `${schemas.length} schemas`));
  // Compatible differences may remain: Confluent reports NOT_TYPE_NARROWED for an unchanged `not`, and so do we.
  it('finds a schema compatible with a fresh parse of itself', () => {
    const failures: string[] = [];
    for (const { name, type, text, references = [] } of schemas) {
      const a = parseSchema({ schemaType: type, schema: text, references });
      const b = parseSchema({ schemaType: type, schema: text, references });
      for (const level of COMPATIBILITY_LEVELS) {
        for (const policy of ['STRICT', 'LENIENT'] as const) {
          const result = checkCompatibility({ candidate: a, previous: [{ version: 1, parsed: b }], level, policy });
          if (!result.compatible) failures.push(`${name} ${level} ${policy}: ${result.differences.filter((d) => !d.compatible).map((d) => d.ruleId).join(', ')}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
