import type { ProtobufModel } from '../../formats/protobuf/protobuf-model.ts';
import type { Finding } from '../rule.ts';
import type { ProtoMessage } from './proto-elements.ts';
import type { ProtobufElements } from './protobuf-rule.ts';
import { protobufCatalog } from './protobuf-rules.ts';
import { addFileTypes, knownTypeTable, LOCAL_REF, type TypeInfo, type TypeTable } from './type-table.ts';

/** A difference found: a rule id at an element path (`#/Message/1`). */
export type ProtoDiff = Finding;

export type Side = 'original' | 'update';

/**
 * Where the walk is, what each side's types resolve to, and what was found
 * (Confluent's protobuf/diff/Context): the path is what differences are
 * reported at, the name scope is what relative type names resolve against.
 */
export class ProtoContext {
  readonly diffs: ProtoDiff[] = [];
  /** The schema's own and its referenced types, then the known files' (looked up in that order). */
  private types: Record<Side, TypeTable> = { original: new Map(), update: new Map() };
  private known: Record<Side, TypeTable> = { original: new Map(), update: new Map() };
  private packages: Record<Side, string> = { original: '', update: '' };
  private path: string[] = [];
  private name: string[] = [];
  private schemas = new Set<ProtoMessage>();

  static forFiles(original: ProtobufModel, update: ProtobufModel): ProtoContext {
    const ctx = new ProtoContext();
    ctx.collect(original, 'original');
    ctx.collect(update, 'update');
    return ctx;
  }

  sub(): ProtoContext {
    const ctx = new ProtoContext();
    ctx.types = this.types;
    ctx.known = this.known;
    ctx.packages = { ...this.packages };
    ctx.path = [...this.path];
    ctx.name = [...this.name];
    ctx.schemas = new Set(this.schemas);
    return ctx;
  }

  /**
   * As Confluent's Context.collectTypeInfo: the known dependencies, then the
   * referenced files (one passed under a known file's name replaces it), then
   * the file itself, later ones winning; the package scope is the file's.
   */
  private collect(model: ProtobufModel, side: Side): void {
    this.known[side] = knownTypeTable(new Set(model.dependencies.map((dep) => dep.name)));
    for (const dep of model.dependencies) addFileTypes(this.types[side], dep.file, { subject: dep.subject, version: dep.version });
    addFileTypes(this.types[side], model.file, LOCAL_REF);
    this.packages[side] = model.file.packageName;
  }

  private lookup(fullName: string, side: Side): TypeInfo | undefined {
    return this.types[side].get(fullName) ?? this.known[side].get(fullName);
  }

  setPackage(side: Side, packageName: string): void {
    this.packages[side] = packageName;
  }

  /** Replaces path and name scope (a referenced message compared on its own). */
  setFullName(name: string): void {
    this.path = name.split('.');
    this.name = name.split('.');
  }

  at<T>(segment: string, work: () => T): T {
    this.path.push(segment);
    try {
      return work();
    } finally {
      this.path.pop();
    }
  }

  /** Enters a message or enum: part of the path and of the scope names resolve in. */
  inName<T>(segment: string, work: () => T): T {
    this.name.push(segment);
    try {
      return this.at(segment, work);
    } finally {
      this.name.pop();
    }
  }

  /** Runs once per message on the current stack, which ends the walk of recursive message types. */
  inSchema(message: ProtoMessage, work: () => void): boolean {
    if (this.schemas.has(message)) return false;
    this.schemas.add(message);
    try {
      work();
    } finally {
      this.schemas.delete(message);
    }
    return true;
  }

  pathString(): string {
    return `#/${this.path.join('/')}`;
  }

  emit<K extends keyof ProtobufElements>(kind: K, element: ProtobufElements[K]): void {
    this.diffs.push(...protobufCatalog.findings(kind, element, (at) => (at ? `${this.pathString()}/${at}` : this.pathString())));
  }

  addAll(diffs: readonly ProtoDiff[]): void {
    this.diffs.push(...diffs);
  }

  isCompatible(): boolean {
    return this.diffs.every((d) => protobufCatalog.isCompatible(d.ruleId, 'STRICT'));
  }

  /** Resolves a type name as protoc scopes it: innermost enclosing scope first, then outwards. */
  resolve(name: string, side: Side): string | undefined {
    const has = (full: string) => this.lookup(full, side) !== undefined;
    // A leading dot is already the full name (`.pkg.Msg`), the same type as `Msg` written inside pkg.
    if (name.startsWith('.')) return has(name.slice(1)) ? name.slice(1) : undefined;
    const prefix = [...(this.packages[side] ? this.packages[side].split('.') : []), ...this.name];
    while (prefix.length > 0) {
      const candidate = `${prefix.join('.')}.${name}`;
      if (has(candidate)) return candidate;
      prefix.pop();
    }
    return has(name) ? name : undefined;
  }

  typeOf(name: string, side: Side): TypeInfo | undefined {
    const full = this.resolve(name, side);
    return full === undefined ? undefined : this.lookup(full, side);
  }
}
