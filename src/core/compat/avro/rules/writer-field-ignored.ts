import { COMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';
import { unreadWriterFields } from '../match-fields.ts';

export const writerFieldIgnored = defineAvroRule({
  id: 'WRITER_FIELD_IGNORED',
  purpose: 'A writer field the reader record does not have is skipped when reading.',
  compatible: COMPATIBLE,
  on: 'record',
  check({ reader, writer }, report) {
    for (const field of unreadWriterFields(reader, writer)) {
      report(undefined, () => `The field '${field.name}' of the {writer} schema is not in the {reader} record '${reader.fullname}' and is skipped`);
    }
  },
});
