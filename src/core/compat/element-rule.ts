import type { CompatibilityPolicy } from '../types.ts';

/**
 * A rule over one element the comparison walk pairs up (JSON Schema and
 * Protobuf): an id (Confluent's difference name), a one-line purpose, its
 * compatibility under each policy, where it is reported, and the predicate
 * that finds it. The walk does the pairing once; rules only judge.
 */
export interface ElementRule<Elements, K extends keyof Elements = keyof Elements> {
  id: string;
  purpose: string;
  compatible: Record<CompatibilityPolicy, boolean>;
  on: K;
  /** The keyword or attribute the difference is reported at, below the element's path. */
  at?: string;
  /** True when the difference means a field/property that only the reader (new schema) has. */
  addsField?: boolean;
  when(element: Elements[K]): boolean;
  /** The message; `{reader}`/`{writer}` become new/old once the direction is known. */
  message(path: string): string;
}

export const COMPATIBLE = { STRICT: true, LENIENT: true } as const;
export const INCOMPATIBLE = { STRICT: false, LENIENT: false } as const;
/** Incompatible under STRICT, accepted under LENIENT. */
export const LENIENT_ONLY = { STRICT: false, LENIENT: true } as const;

/** Indexes a catalog by element kind and by id. */
export class RuleCatalog<Elements> {
  private readonly byKind = new Map<keyof Elements, ElementRule<Elements>[]>();
  private readonly byId = new Map<string, ElementRule<Elements>>();

  constructor(readonly rules: readonly ElementRule<Elements>[]) {
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

  for<K extends keyof Elements>(kind: K): readonly ElementRule<Elements, K>[] {
    return (this.byKind.get(kind) ?? []) as ElementRule<Elements, K>[];
  }

  get(id: string): ElementRule<Elements> {
    const rule = this.byId.get(id);
    if (!rule) throw new Error(`no rule ${id}`);
    return rule;
  }

  isCompatible(id: string, policy: CompatibilityPolicy): boolean {
    return this.get(id).compatible[policy];
  }
}
