import type { AvroField, AvroRecord } from '../../formats/avro/avro-model.ts';

/**
 * The writer field a reader field reads: the one with its name, else one
 * named by the reader field's aliases (Avro's schema resolution).
 */
export function writerFieldFor(readerField: AvroField, writer: AvroRecord): AvroField | undefined {
  return (
    writer.fields.find((f) => f.name === readerField.name) ??
    writer.fields.find((f) => readerField.aliases.includes(f.name))
  );
}

/** Writer fields no reader field reads; the reader skips them. */
export function unreadWriterFields(reader: AvroRecord, writer: AvroRecord): AvroField[] {
  const read = new Set(reader.fields.map((f) => writerFieldFor(f, writer)).filter((f) => f !== undefined));
  return writer.fields.filter((f) => !read.has(f));
}
