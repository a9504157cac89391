import type { AvroType } from '../../formats/avro/avro-model.ts';
import type { CheckContext, Difference } from '../difference.ts';
import type { AvroElements } from './avro-rule.ts';
import { avroCatalog } from './avro-rules.ts';
import { writerFieldsOf } from './match-fields.ts';

/**
 * Avro schema resolution (the specification's "Schema Resolution" section)
 * as a walk over matched reader/writer pairs. The walk pairs elements; the
 * rules in avro-rules.ts judge each pair.
 */
export function compareAvro(reader: AvroType, writer: AvroType, context: CheckContext): Difference[] {
  return new AvroWalk(context).compare(reader, writer);
}

class AvroWalk {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  /**
   * Record pair → its differences, found once. A pair still being compared has
   * none yet and counts as compatible: that is what ends the walk of a recursive type.
   */
  private readonly results = new Map<string, Difference[] | 'in-progress'>();
  /** Some record pair's differences were added a second time. */
  private repeated = false;

  constructor(private readonly context: CheckContext) {}

  compare(reader: AvroType, writer: AvroType): Difference[] {
    const out: Difference[] = [];
    this.pair(reader, writer, '', out);
    for (const [i, d] of out.entries()) if (d.path === '') out[i] = { ...d, path: '/' };
    // A pair reached along two paths reports its differences once (only then can one repeat).
    if (!this.repeated) return out;
    const seen = new Set<string>();
    return out.filter((d) => {
        const key = `${d.ruleId}\u0000${d.path}\u0000${d.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }

  private id(node: object): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(node, id);
    }
    return id;
  }

  /** Compares one pair, appends its differences, and says whether it is compatible. */
  private pair(reader: AvroType, writer: AvroType, path: string, out: Difference[]): boolean {
    if (reader.kind === 'primitive' && writer.kind === 'primitive' && reader.type === writer.type) return true;
    // Only record pairs can recur (a record that contains itself) or repeat (a named type used twice):
    // those are compared once; anything else is cheap to compare where it stands.
    if (reader.kind !== 'record' || writer.kind !== 'record') {
      const found: Difference[] = [];
      this.resolve(reader, writer, path, found);
      out.push(...found);
      return found.every((d) => d.compatible);
    }
    const key = `${this.id(reader)}:${this.id(writer)}`;
    let found = this.results.get(key);
    if (found === 'in-progress') return true;
    if (found === undefined) {
      this.results.set(key, 'in-progress');
      found = [];
      this.resolve(reader, writer, path, found);
      this.results.set(key, found);
    } else if (found.length > 0) this.repeated = true;
    out.push(...found);
    return found.every((d) => d.compatible);
  }

  /** Asks the rules for one kind of pair at a reader-side path. */
  private judge<K extends keyof AvroElements>(kind: K, pair: AvroElements[K], path: string, out: Difference[]): void {
    const breakingUnder = this.context.breakingOnly ? this.context.policy : undefined;
    for (const finding of avroCatalog.findings(kind, pair, (at) => (at === undefined ? path : `${path}/${at}`), breakingUnder)) {
      out.push(avroCatalog.difference(finding, this.context.policy));
    }
  }

  private resolve(reader: AvroType, writer: AvroType, path: string, out: Difference[]): void {
    // Union branches are judged at one path: to be safe, their differences are checked for repeats.
    if (writer.kind === 'union' || reader.kind === 'union') this.repeated = true;
    if (writer.kind === 'union' && reader.kind === 'union') {
      // Every type the writer union can hold needs a reader branch.
      writer.branches.forEach((branch) => this.readBranch(reader, branch, path, out));
      return;
    }
    if (writer.kind === 'union') {
      // A non-union reader can read a writer union only if it reads every branch.
      writer.branches.forEach((branch) => this.pair(reader, branch, path, out));
      return;
    }
    if (reader.kind === 'union') {
      this.readBranch(reader, writer, path, out);
      return;
    }
    if (reader.kind !== writer.kind || (reader.kind === 'primitive' && writer.kind === 'primitive' && reader.type !== writer.type)) {
      this.judge('mismatch', { reader, writer }, path, out);
      return;
    }
    switch (reader.kind) {
      case 'primitive':
        return;
      case 'array':
        this.pair(reader.items, (writer as typeof reader).items, `${path}/items`, out);
        return;
      case 'map':
        this.pair(reader.values, (writer as typeof reader).values, `${path}/values`, out);
        return;
      case 'fixed': {
        const pair = { reader, writer: writer as typeof reader };
        this.judge('named', pair, path, out);
        this.judge('fixed', pair, path, out);
        return;
      }
      case 'enum': {
        const pair = { reader, writer: writer as typeof reader };
        this.judge('named', pair, path, out);
        this.judge('enum', pair, path, out);
        return;
      }
      case 'record': {
        const w = writer as typeof reader;
        const pair = { reader, writer: w };
        this.judge('named', pair, path, out);
        this.judge('record', pair, path, out);
        const writerField = writerFieldsOf(w);
        for (const field of reader.fields) {
          const source = writerField(field);
          if (!source) continue;
          // The same primitive reads itself: skip building a path nothing will use (most fields of most records).
          const [r, wt] = [field.type, source.type];
          if (r.kind === 'primitive' && wt.kind === 'primitive' && r.type === wt.type) continue;
          this.pair(r, wt, `${path}/fields/${field.index}/type`, out);
        }
        return;
      }
    }
  }

  /** A writer type (not a union) read through a reader union: the first branch that reads it wins. */
  private readBranch(reader: AvroType & { kind: 'union' }, writer: AvroType, path: string, out: Difference[]): void {
    let readable = false;
    for (const [i, branch] of reader.branches.entries()) {
      const trial: Difference[] = [];
      if (this.pair(branch, writer, `${path}/${i}`, trial)) {
        out.push(...trial);
        readable = true;
        break;
      }
    }
    this.judge('unionBranch', { reader, writer, readable }, path, out);
  }
}
