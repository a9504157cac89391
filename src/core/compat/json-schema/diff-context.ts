import type { CompatibilityPolicy } from '../../types.ts';
import type { Finding } from '../rule.ts';
import type { JsonSchemaNode } from './json-schema-node.ts';
import type { ElementKind, JsonSchemaElements } from './json-schema-rule.ts';
import { isCompatibleJsonDifference, jsonSchemaCatalog } from './json-schema-rules.ts';

/** A difference found: a rule id at a JSON pointer (`#/properties/a`). */
export type JsonDiff = Finding;

type PairMap<V> = Map<JsonSchemaNode, Map<JsonSchemaNode, V>>;

function getPair<V>(map: PairMap<V>, a: JsonSchemaNode, b: JsonSchemaNode): V | undefined {
  return map.get(a)?.get(b);
}

function setPair<V>(map: PairMap<V>, a: JsonSchemaNode, b: JsonSchemaNode, value: V): void {
  let inner = map.get(a);
  if (!inner) map.set(a, (inner = new Map()));
  inner.set(b, value);
}

/** State shared by every context of one comparison pass. */
export class DiffPass {
  readonly memo: PairMap<JsonDiff[]> = new Map();
  readonly inProgress: PairMap<true> = new Map();
  /** Set when a recursive cycle was assumed compatible; the pass is then repeated with what it learned. */
  optimismUsed = false;

  constructor(
    readonly policy: CompatibilityPolicy,
    readonly incompatibleSeed: PairMap<JsonDiff[]>,
  ) {}

  /** The memoized pairs that turned out incompatible: the next pass's seed. */
  incompatiblePairs(): PairMap<JsonDiff[]> {
    const out: PairMap<JsonDiff[]> = new Map();
    for (const [a, inner] of this.memo) {
      for (const [b, diffs] of inner) {
        if (diffs.some((d) => !isCompatibleJsonDifference(d.ruleId, this.policy))) setPair(out, a, b, diffs);
      }
    }
    return out;
  }
}

export function samePairs(a: PairMap<unknown>, b: PairMap<unknown>): boolean {
  let count = 0;
  for (const [x, inner] of a) {
    for (const y of inner.keys()) {
      if (getPair(b, x, y) === undefined) return false;
      count++;
    }
  }
  let other = 0;
  for (const inner of b.values()) other += inner.size;
  return count === other;
}

/**
 * Where the walk is (a JSON path) and what it found there, as in Confluent's
 * json/diff/Context: memoized pair comparisons whose differences are stored
 * relative to the pair and rebased onto each path that reaches it.
 */
export class DiffContext {
  readonly diffs: JsonDiff[] = [];

  constructor(
    readonly pass: DiffPass,
    private readonly path: string[] = [],
  ) {}

  sub(): DiffContext {
    return new DiffContext(this.pass, [...this.path]);
  }

  at<T>(segment: string, work: () => T): T {
    this.path.push(segment);
    try {
      return work();
    } finally {
      this.path.pop();
    }
  }

  pathString(): string {
    return `#/${this.path.join('/')}`;
  }

  addAll(diffs: readonly JsonDiff[]): void {
    this.diffs.push(...diffs);
  }

  /** Asks every rule registered for an element kind, and records the differences that apply. */
  emit<K extends ElementKind>(kind: K, element: JsonSchemaElements[K]): void {
    this.diffs.push(...jsonSchemaCatalog.findings(kind, element, (at) => (at === undefined ? this.pathString() : `#/${[...this.path, at].join('/')}`)));
  }

  isCompatible(): boolean {
    return this.diffs.every((d) => isCompatibleJsonDifference(d.ruleId, this.pass.policy));
  }

  /**
   * Compares a pair once; a pair met again on the stack is a recursive cycle,
   * assumed compatible (unless a previous pass proved it is not) and not cached.
   */
  compareMemoized(original: JsonSchemaNode, update: JsonSchemaNode, compare: (ctx: DiffContext) => void): JsonDiff[] {
    const cached = getPair(this.pass.memo, original, update);
    if (cached) return cached;
    if (getPair(this.pass.inProgress, original, update)) {
      const seeded = getPair(this.pass.incompatibleSeed, original, update);
      if (seeded) return seeded;
      this.pass.optimismUsed = true;
      return [];
    }
    setPair(this.pass.inProgress, original, update, true);
    try {
      const ctx = new DiffContext(this.pass);
      compare(ctx);
      const result = [...ctx.diffs];
      setPair(this.pass.memo, original, update, result);
      return result;
    } finally {
      this.pass.inProgress.get(original)?.delete(update);
    }
  }

  /** Adds differences found relative to a nested pair, under the current path. */
  addRebased(relative: readonly JsonDiff[]): void {
    if (this.path.length === 0) {
      this.diffs.push(...relative);
      return;
    }
    const prefix = this.pathString();
    for (const d of relative) this.diffs.push({ ...d, path: d.path.length <= 2 ? prefix : `${prefix}/${d.path.slice(2)}` });
  }
}
