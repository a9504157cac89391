import type { CompatibilityPolicy } from '../types.ts';

/**
 * One difference between a reader schema and a writer schema, found by a
 * rule. `compatible` says whether it keeps data readable under the policy in
 * force; the verdict is "compatible" when no difference says otherwise.
 */
export interface Difference {
  ruleId: string;
  /** JSON pointer (JSON Schema, Avro) or element path (Protobuf) in the reader-side schema. */
  path: string;
  /**
   * Human message. `{reader}` and `{writer}` stand for the two schemas and
   * are replaced by "new"/"old" once the direction of the check is known.
   */
  message: string;
  compatible: boolean;
  /** Set when the difference is a field or property only the reader schema has (an added field, read backward). */
  addsField?: boolean;
}

export interface CheckContext {
  policy: CompatibilityPolicy;
  /** Only breaking differences are wanted (a transitive check's older versions): a checker may skip rules that cannot break. */
  breakingOnly?: boolean;
}

/** What a format contributes to compatibility: "can `reader` read data written with `writer`?" */
export type ReaderWriterChecker<M> = (reader: M, writer: M, context: CheckContext) => Difference[];
