import type { ProtobufModel } from '../../formats/protobuf/protobuf-format.ts';
import type { ProtoField, ProtoFile, ProtoMessage, ProtoTypeElement } from './proto-elements.ts';
import type { ProtobufElements } from './protobuf-rule.ts';
import { protobufCatalog } from './protobuf-rules.ts';

/** A type the checker can resolve a field type to, and where it came from. */
export interface TypeInfo {
  packageName: string;
  /** The reference it came from; local types share the same empty one. */
  ref: { subject: string; version: number };
  type: ProtoTypeElement;
  isMap: boolean;
  key?: ProtoField;
  value?: ProtoField;
}

export interface ProtoDiff {
  id: string;
  path: string;
}

const LOCAL = { subject: '', version: -1 };

export type Side = 'original' | 'update';

/**
 * Where the walk is, what each side's types resolve to, and what was found
 * (Confluent's protobuf/diff/Context): the path is what differences are
 * reported at, the name scope is what relative type names resolve against.
 */
export class ProtoContext {
  readonly diffs: ProtoDiff[] = [];
  private types: Record<Side, Map<string, TypeInfo>> = { original: new Map(), update: new Map() };
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
    ctx.packages = { ...this.packages };
    ctx.path = [...this.path];
    ctx.name = [...this.name];
    ctx.schemas = new Set(this.schemas);
    return ctx;
  }

  private collect(model: ProtobufModel, side: Side): void {
    for (const dep of model.dependencies) this.collectFile(dep.file, { subject: dep.subject, version: dep.version }, side);
    this.collectFile(model.file, LOCAL, side);
  }

  private collectFile(file: ProtoFile, ref: TypeInfo['ref'], side: Side): void {
    this.packages[side] = file.packageName;
    const walk = (types: ProtoTypeElement[]) => {
      for (const type of types) {
        this.inName(type.name, () => {
          const isMap = type.kind === 'message' && type.mapEntry;
          const key = isMap ? (type as ProtoMessage).fields.find((f) => f.name === 'key') : undefined;
          const value = isMap ? (type as ProtoMessage).fields.find((f) => f.name === 'value') : undefined;
          const local = this.path.join('.');
          const full = file.packageName ? `${file.packageName}.${local}` : local;
          this.types[side].set(full, { packageName: file.packageName, ref, type, isMap, key, value });
          walk(type.nested);
        });
      }
    };
    walk(file.types);
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
    for (const rule of protobufCatalog.for(kind)) {
      if (rule.when(element)) this.diffs.push({ id: rule.id, path: rule.at ? `${this.pathString()}/${rule.at}` : this.pathString() });
    }
  }

  addAll(diffs: readonly ProtoDiff[]): void {
    this.diffs.push(...diffs);
  }

  isCompatible(): boolean {
    return this.diffs.every((d) => protobufCatalog.isCompatible(d.id, 'STRICT'));
  }

  /** Resolves a type name as protoc scopes it: innermost enclosing scope first, then outwards. */
  resolve(name: string, side: Side): string | undefined {
    const types = this.types[side];
    if (types.size === 0) return undefined;
    if (name.startsWith('.')) return types.has(name.slice(1)) ? name.slice(1) : undefined;
    const prefix = [...(this.packages[side] ? this.packages[side].split('.') : []), ...this.name];
    while (prefix.length > 0) {
      const candidate = `${prefix.join('.')}.${name}`;
      if (types.has(candidate)) return candidate;
      prefix.pop();
    }
    return types.has(name) ? name : undefined;
  }

  typeOf(name: string, side: Side): TypeInfo | undefined {
    const full = this.resolve(name, side);
    return full === undefined ? undefined : this.types[side].get(full);
  }
}
