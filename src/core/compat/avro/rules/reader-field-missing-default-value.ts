import { defineRule } from '../../difference.ts';
import type { RecordPair } from '../avro-pair.ts';
import { writerFieldFor } from '../match-fields.ts';

export const readerFieldMissingDefaultValue = defineRule<RecordPair>({
  id: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  purpose: 'A reader field absent from the writer record must have a default to fill it with.',
  compatible: false,
  addsField: true,
  check({ reader, writer, path }, report) {
    for (const field of reader.fields) {
      if (field.hasDefault || writerFieldFor(field, writer)) continue;
      report(
        `${path}/fields/${field.index}`,
        `The field '${field.name}' at path '${path}/fields/${field.index}' in the {reader} schema has no default value and is missing in the {writer} schema`,
      );
    }
  },
});
