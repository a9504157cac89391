import type { Rule } from '../rule.ts';
import type { AvroPair, EnumPair, FixedPair, NamedPair, RecordPair, UnionBranchPair } from './avro-pair.ts';

/** What the Avro walk (compare-avro.ts) pairs up, by kind; see Rule. Reader = new schema for BACKWARD. */
export interface AvroElements {
  /** Two named types (record, enum or fixed) of the same kind. */
  named: NamedPair;
  record: RecordPair;
  enum: EnumPair;
  fixed: FixedPair;
  /** Two types of different kinds, neither a union. */
  mismatch: AvroPair;
  /** A writer type (not a union) read through a reader union. */
  unionBranch: UnionBranchPair;
}

export type AvroRule<K extends keyof AvroElements = keyof AvroElements> = Rule<AvroElements, K>;

export function defineAvroRule<K extends keyof AvroElements>(rule: AvroRule<K>): AvroRule<K> {
  return rule;
}
