import { defineRule } from '../../difference.ts';
import type { FixedPair } from '../avro-pair.ts';

export const fixedSizeMismatch = defineRule<FixedPair>({
  id: 'FIXED_SIZE_MISMATCH',
  purpose: 'A fixed type is read only by a fixed type of the same size.',
  compatible: false,
  check({ reader, writer, path }, report) {
    if (reader.size === writer.size) return;
    report(`${path}/size`, `expected: ${writer.size}, found: ${reader.size}; the size of fixed '${reader.fullname}' changed`);
  },
});
