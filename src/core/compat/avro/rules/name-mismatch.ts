import { INCOMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const nameMismatch = defineAvroRule({
  id: 'NAME_MISMATCH',
  purpose: 'A named type is read only by a type of the same unqualified name, or one that lists the writer name as an alias.',
  compatible: INCOMPATIBLE,
  on: 'named',
  check({ reader, writer }, report) {
    if (reader.name === writer.name || reader.aliases.includes(writer.fullname)) return;
    report('name', () => `expected: ${writer.fullname}; the {reader} ${reader.kind} '${reader.fullname}' neither has the {writer} name nor lists it among its aliases`);
  },
});
