import { INCOMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';
import { writerFieldFor } from '../match-fields.ts';

export const readerFieldMissingDefaultValue = defineAvroRule({
  id: 'READER_FIELD_MISSING_DEFAULT_VALUE',
  purpose: 'A reader field absent from the writer record must have a default to fill it with.',
  compatible: INCOMPATIBLE,
  addsField: true,
  on: 'record',
  check({ reader, writer }, report) {
    for (const field of reader.fields) {
      if (field.hasDefault || writerFieldFor(field, writer)) continue;
      report(
        `fields/${field.index}`,
        (path) => `The field '${field.name}' at path '${path}' in the {reader} schema has no default value and is missing in the {writer} schema`,
      );
    }
  },
});
