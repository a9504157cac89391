import { defineRule } from '../../difference.ts';
import type { NamedPair } from '../avro-pair.ts';

export const nameMismatch = defineRule<NamedPair>({
  id: 'NAME_MISMATCH',
  purpose: 'A named type is read only by a type of the same unqualified name, or one that lists the writer name as an alias.',
  compatible: false,
  check({ reader, writer, path }, report) {
    if (reader.name === writer.name || reader.aliases.includes(writer.fullname)) return;
    report(
      `${path}/name`,
      `expected: ${writer.fullname}; the {reader} ${reader.kind} '${reader.fullname}' neither has the {writer} name nor lists it among its aliases`,
    );
  },
});
