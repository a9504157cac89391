import { defineRule } from '../../difference.ts';
import type { RecordPair } from '../avro-pair.ts';
import { writerFieldFor } from '../match-fields.ts';

export const readerFieldDefaultUsed = defineRule<RecordPair>({
  id: 'READER_FIELD_DEFAULT_USED',
  purpose: 'A reader field absent from the writer record is filled with its default.',
  compatible: true,
  addsField: true,
  check({ reader, writer, path }, report) {
    for (const field of reader.fields) {
      if (!field.hasDefault || writerFieldFor(field, writer)) continue;
      report(`${path}/fields/${field.index}`, `The field '${field.name}' is only in the {reader} schema; it is read as its default ${JSON.stringify(field.default)}`);
    }
  },
});
