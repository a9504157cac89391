import { defineRule } from '../../difference.ts';
import type { RecordPair } from '../avro-pair.ts';
import { unreadWriterFields } from '../match-fields.ts';

export const writerFieldIgnored = defineRule<RecordPair>({
  id: 'WRITER_FIELD_IGNORED',
  purpose: 'A writer field the reader record does not have is skipped when reading.',
  compatible: true,
  check({ reader, writer, path }, report) {
    for (const field of unreadWriterFields(reader, writer)) {
      report(path, `The field '${field.name}' of the {writer} schema is not in the {reader} record '${reader.fullname}' and is skipped`);
    }
  },
});
