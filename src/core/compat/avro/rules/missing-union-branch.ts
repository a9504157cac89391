import { defineRule } from '../../difference.ts';
import { avroTypeLabel, type UnionBranchPair } from '../avro-pair.ts';

export const missingUnionBranch = defineRule<UnionBranchPair>({
  id: 'MISSING_UNION_BRANCH',
  purpose: 'Every type a writer union can hold must be readable by some branch of the reader union.',
  compatible: false,
  check({ writer, path, readable }, report) {
    if (readable) return;
    report(path, `reader union lacking writer type: ${avroTypeLabel(writer).toUpperCase()}; no branch of the {reader} union can read the {writer} ${avroTypeLabel(writer)}`);
  },
});
