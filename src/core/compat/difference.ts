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
}

/** What a format contributes to compatibility: "can `reader` read data written with `writer`?" */
export type ReaderWriterChecker<M> = (reader: M, writer: M, context: CheckContext) => Difference[];

/**
 * A rule as data: an id (Confluent's difference name where one exists), a
 * one-line purpose, whether the difference it reports is compatible under
 * each policy, and a small check over one matched pair of elements.
 */
export interface Rule<Pair> {
  id: string;
  purpose: string;
  compatible: boolean | Record<CompatibilityPolicy, boolean>;
  addsField?: boolean;
  check(pair: Pair, report: (path: string, message: string) => void): void;
}

export function defineRule<Pair>(rule: Rule<Pair>): Rule<Pair> {
  return rule;
}

export function isCompatibleUnder(rule: Pick<Rule<unknown>, 'compatible'>, policy: CompatibilityPolicy): boolean {
  return typeof rule.compatible === 'boolean' ? rule.compatible : rule.compatible[policy];
}

/** Runs rules over one pair and collects their differences. */
export function runRules<Pair>(rules: readonly Rule<Pair>[], pair: Pair, context: CheckContext, into: Difference[]): void {
  for (const rule of rules) {
    const compatible = isCompatibleUnder(rule, context.policy);
    rule.check(pair, (path, message) => into.push({ ruleId: rule.id, path, message, compatible, ...(rule.addsField && { addsField: true }) }));
  }
}
