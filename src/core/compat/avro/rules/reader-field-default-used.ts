import { COMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';
import { writerFieldFor } from '../match-fields.ts';

export const readerFieldDefaultUsed = defineAvroRule({
  id: 'READER_FIELD_DEFAULT_USED',
  purpose: 'A reader field absent from the writer record is filled with its default.',
  compatible: COMPATIBLE,
  addsField: true,
  on: 'record',
  check({ reader, writer }, report) {
    for (const field of reader.fields) {
      if (!field.hasDefault || writerFieldFor(field, writer)) continue;
      report(`fields/${field.index}`, () => `The field '${field.name}' is only in the {reader} schema; it is read as its default ${JSON.stringify(field.default)}`);
    }
  },
});
