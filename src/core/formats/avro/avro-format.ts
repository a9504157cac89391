import { compareAvro } from '../../compat/avro/compare-avro.ts';
import { canonicalJson } from '../../json/canonical-json.ts';
import { invalidSchema } from '../invalid-schema.ts';
import { parseSchemaJson } from '../parse-schema-json.ts';
import type { ResolvedReference, SchemaFormat } from '../schema-format.ts';
import { avroCanonicalValue } from './avro-canonical.ts';
import type { AvroNamed, AvroType } from './avro-model.ts';
import { AvroSchemaError, parseAvroSchema } from './parse-avro.ts';

export const avroFormat: SchemaFormat<AvroType> = {
  type: 'AVRO',

  parse(schema, references) {
    // References define named types the schema may use, as in Confluent.
    const named = new Map<string, AvroNamed>();
    defineReferences(references, named, new Set());
    const predefined = [...named.keys()];
    const json = parseSchemaJson('AVRO', schema);
    let model: AvroType;
    try {
      model = parseAvroSchema(json, named);
    } catch (err) {
      if (err instanceof AvroSchemaError) throw invalidSchema('AVRO', err.reason, err.path || '/');
      throw err;
    }
    return {
      model,
      canonical: canonicalJson(avroCanonicalValue(model, predefined)),
      compact: JSON.stringify(json),
      // Schema resolution never reads a writer field's default (the rules' writer side uses names, types, symbols and sizes).
      writerKey: canonicalJson(avroCanonicalValue(model, predefined, { fieldDefaults: false })),
    };
  },

  checker: compareAvro,
};

function defineReferences(references: readonly ResolvedReference[], named: Map<string, AvroNamed>, done: Set<string>): void {
  for (const ref of references) {
    const key = `${ref.subject}\u0000${ref.version}`;
    if (done.has(key)) continue;
    done.add(key);
    if (ref.schemaType !== 'AVRO') {
      throw invalidSchema('AVRO', `reference '${ref.name}' (subject '${ref.subject}' version ${ref.version}) is a ${ref.schemaType} schema, not AVRO`);
    }
    defineReferences(ref.references, named, done);
    try {
      parseAvroSchema(parseSchemaJson('AVRO', ref.schema), named);
    } catch (err) {
      if (err instanceof AvroSchemaError) {
        throw invalidSchema('AVRO', `reference '${ref.name}' does not parse: ${err.reason}`, err.path || '/');
      }
      throw err;
    }
  }
}
