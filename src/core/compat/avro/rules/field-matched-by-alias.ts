import { COMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';
import { writerFieldFor } from '../match-fields.ts';

export const fieldMatchedByAlias = defineAvroRule({
  id: 'FIELD_MATCHED_BY_ALIAS',
  purpose: 'A reader field reads a writer field of another name that it lists as an alias (a rename).',
  compatible: COMPATIBLE,
  on: 'record',
  check({ reader, writer }, report) {
    for (const field of reader.fields) {
      const source = writerFieldFor(field, writer);
      if (source && source.name !== field.name) {
        report(`fields/${field.index}`, () => `The field '${field.name}' of the {reader} schema reads the {writer} field '${source.name}' through its aliases`);
      }
    }
  },
});
