import type { AvroField, AvroRecord } from '../../formats/avro/avro-model.ts';

const byName = new WeakMap<AvroRecord, Map<string, AvroField>>();

/** A record's fields by name, built once per parsed record (parsed schemas are cached and compared often). */
function fieldsByName(record: AvroRecord): Map<string, AvroField> {
  let map = byName.get(record);
  if (!map) {
    map = new Map(record.fields.map((f) => [f.name, f]));
    byName.set(record, map);
  }
  return map;
}

/**
 * The writer field a reader field reads: the one with its name, else one
 * named by the reader field's aliases (Avro's schema resolution).
 */
export function writerFieldFor(readerField: AvroField, writer: AvroRecord): AvroField | undefined {
  return fieldIn(fieldsByName(writer), readerField);
}

/** writerFieldFor over one writer record's fields, looked up once for a walk over all of a reader's fields. */
export function writerFieldsOf(writer: AvroRecord): (readerField: AvroField) => AvroField | undefined {
  const fields = fieldsByName(writer);
  return (readerField) => fieldIn(fields, readerField);
}

function fieldIn(fields: Map<string, AvroField>, readerField: AvroField): AvroField | undefined {
  const direct = fields.get(readerField.name);
  if (direct || readerField.aliases.length === 0) return direct;
  for (const alias of readerField.aliases) {
    const aliased = fields.get(alias);
    if (aliased) return aliased;
  }
  return undefined;
}

/** Writer fields no reader field reads; the reader skips them. */
export function unreadWriterFields(reader: AvroRecord, writer: AvroRecord): AvroField[] {
  if (reader.fields.length === writer.fields.length && reader.fields.every((f) => fieldsByName(writer).get(f.name))) return [];
  const read = new Set(reader.fields.map((f) => writerFieldFor(f, writer)).filter((f) => f !== undefined));
  return writer.fields.filter((f) => !read.has(f));
}
