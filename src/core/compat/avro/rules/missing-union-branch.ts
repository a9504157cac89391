import { INCOMPATIBLE } from '../../rule.ts';
import { avroTypeLabel } from '../avro-pair.ts';
import { defineAvroRule } from '../avro-rule.ts';

export const missingUnionBranch = defineAvroRule({
  id: 'MISSING_UNION_BRANCH',
  purpose: 'Every type a writer union can hold must be readable by some branch of the reader union.',
  compatible: INCOMPATIBLE,
  on: 'unionBranch',
  check({ writer, readable }, report) {
    if (readable) return;
    report(undefined, () => `reader union lacking writer type: ${avroTypeLabel(writer).toUpperCase()}; no branch of the {reader} union can read the {writer} ${avroTypeLabel(writer)}`);
  },
});
