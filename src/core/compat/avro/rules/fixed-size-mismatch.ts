import { INCOMPATIBLE } from '../../rule.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const fixedSizeMismatch = defineAvroRule({
  id: 'FIXED_SIZE_MISMATCH',
  purpose: 'A fixed type is read only by a fixed type of the same size.',
  compatible: INCOMPATIBLE,
  on: 'fixed',
  check({ reader, writer }, report) {
    if (reader.size === writer.size) return;
    report('size', () => `expected: ${writer.size}, found: ${reader.size}; the size of fixed '${reader.fullname}' changed`);
  },
});
