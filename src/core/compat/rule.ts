import type { CompatibilityPolicy } from '../types.ts';
import type { Difference } from './difference.ts';

/** Whether a difference keeps data readable, under each policy. */
export type Verdicts = Readonly<Record<CompatibilityPolicy, boolean>>;

export const COMPATIBLE: Verdicts = { STRICT: true, LENIENT: true };
export const INCOMPATIBLE: Verdicts = { STRICT: false, LENIENT: false };
/** Incompatible under STRICT, accepted under LENIENT. */
export const LENIENT_ONLY: Verdicts = { STRICT: false, LENIENT: true };

/**
 * The message of a difference, worded from the path it is finally reported
 * at: JSON Schema rebases a memoized pair's differences onto every path that
 * reaches it, and Confluent's messages name that path. `{reader}`/`{writer}`
 * become new/old once the direction of the check is known.
 */
export type Wording = (path: string) => string;

/** What a rule calls for each difference it finds: `at` is below the element's path (none: the element itself). */
export type Report = (at: string | undefined, wording: Wording) => void;

/**
 * A compatibility rule, the same for every format: an id (Confluent's
 * difference name where one exists), a one-line purpose, its verdict under
 * each policy, the kind of element it judges, and a small check. `Elements`
 * is the format's map from element kind to what its walk hands over (an
 * Avro reader/writer pair, a JSON Schema keyword pair, a Protobuf field…):
 * the walk pairs elements once; rules only judge.
 */
export interface Rule<Elements, K extends keyof Elements = keyof Elements> {
  id: string;
  purpose: string;
  compatible: Verdicts;
  on: K;
  /** Set when the difference means a field/property only the reader (new schema) has. */
  addsField?: boolean;
  check(element: Elements[K], report: Report): void;
}

/** A difference a rule found, before the policy and the direction turn it into a Difference. */
export interface Finding {
  ruleId: string;
  path: string;
  wording: Wording;
}

/**
 * The common case as data: a rule that finds its difference at one fixed
 * place (`at`) whenever `when` holds, worded by `message`.
 */
export function predicateRule<Elements, K extends keyof Elements>(spec: {
  id: string;
  purpose: string;
  compatible: Verdicts;
  on: K;
  at?: string;
  addsField?: boolean;
  when(element: Elements[K]): boolean;
  message: Wording;
}): Rule<Elements, K> {
  const { at, when, message, ...rule } = spec;
  return {
    ...rule,
    check(element, report) {
      if (when(element)) report(at, message);
    },
  };
}

/** A format's rules, indexed by element kind and by id. */
export class RuleCatalog<Elements> {
  private readonly byKind = new Map<keyof Elements, Rule<Elements>[]>();
  private readonly byId = new Map<string, Rule<Elements>>();

  constructor(readonly rules: readonly Rule<Elements>[]) {
    for (const rule of rules) {
      this.byKind.set(rule.on, [...(this.byKind.get(rule.on) ?? []), rule]);
      // One id may be found from two places (Confluent reports it so), but it means one thing.
      const twin = this.byId.get(rule.id);
      if (twin && (twin.compatible.STRICT !== rule.compatible.STRICT || twin.compatible.LENIENT !== rule.compatible.LENIENT)) {
        throw new Error(`rule ${rule.id} is defined twice with different compatibility`);
      }
      this.byId.set(rule.id, rule);
    }
  }

  for<K extends keyof Elements>(kind: K): readonly Rule<Elements, K>[] {
    return (this.byKind.get(kind) ?? []) as unknown as Rule<Elements, K>[];
  }

  get(id: string): Rule<Elements> {
    const rule = this.byId.get(id);
    if (!rule) throw new Error(`no rule ${id}`);
    return rule;
  }

  isCompatible(id: string, policy: CompatibilityPolicy): boolean {
    return this.get(id).compatible[policy];
  }

  /**
   * Asks every rule for one kind of element; `pathOf` turns a rule's `at`
   * into a full path, as each format writes its paths.
   */
  findings<K extends keyof Elements>(kind: K, element: Elements[K], pathOf: (at: string | undefined) => string, breakingUnder?: CompatibilityPolicy): Finding[] {
    const out: Finding[] = [];
    for (const rule of this.for(kind)) {
      // Only breaking findings wanted: a rule compatible under the policy cannot give one.
      if (breakingUnder !== undefined && rule.compatible[breakingUnder]) continue;
      rule.check(element, (at, wording) => out.push({ ruleId: rule.id, path: pathOf(at), wording }));
    }
    return out;
  }

  /** A finding judged under a policy, its message worded from its final path. */
  difference(finding: Finding, policy: CompatibilityPolicy): Difference {
    const rule = this.get(finding.ruleId);
    return {
      ruleId: finding.ruleId,
      path: finding.path,
      message: finding.wording(finding.path),
      compatible: rule.compatible[policy],
      ...(rule.addsField && { addsField: true }),
    };
  }
}
