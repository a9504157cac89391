import type { ProtobufModel } from '../../formats/protobuf/protobuf-model.ts';
import type { CheckContext, Difference } from '../difference.ts';
import { ProtoContext, type ProtoDiff } from './proto-context.ts';
import type { ProtoEnum, ProtoField, ProtoMessage, ProtoTypeElement } from './proto-elements.ts';
import type { FieldKind, ScalarKind } from './protobuf-rule.ts';
import { protobufCatalog } from './protobuf-rules.ts';

/**
 * Protobuf reader/writer check: Confluent's diff of the writer (old,
 * "original") file to the reader (new, "update") — messages by name, fields
 * by tag number, as the wire format matches them — with its rules deciding
 * what each difference means. Protobuf has no LENIENT variant.
 */
export function compareProtobuf(reader: ProtobufModel, writer: ProtobufModel, _context: CheckContext): Difference[] {
  return diffProtobuf(writer, reader).map((d) => protobufCatalog.difference(d, 'STRICT'));
}

export function diffProtobuf(original: ProtobufModel, update: ProtobufModel): ProtoDiff[] {
  const ctx = ProtoContext.forFiles(original, update);
  ctx.emit('package', { original: original.file.packageName, update: update.file.packageName });
  compareTypes(ctx, original.file.types, update.file.types);
  return ctx.diffs;
}

function index(types: ProtoTypeElement[]) {
  const messages = new Map<string, ProtoMessage>();
  const messageIndex = new Map<string, number>();
  const enums = new Map<string, ProtoEnum>();
  for (const type of types) {
    if (type.kind === 'message') {
      messageIndex.set(type.name, messages.size);
      messages.set(type.name, type);
    } else enums.set(type.name, type);
  }
  return { messages, messageIndex, enums };
}

function compareTypes(ctx: ProtoContext, original: ProtoTypeElement[], update: ProtoTypeElement[]): void {
  const o = index(original);
  const u = index(update);
  for (const name of new Set([...o.messages.keys(), ...u.messages.keys()])) {
    ctx.inName(name, () => {
      const om = o.messages.get(name);
      const um = u.messages.get(name);
      if (!um) return ctx.emit('message', { presence: 'original', isMap: ctx.typeOf(name, 'original')?.isMap ?? false, moved: false });
      if (!om) return ctx.emit('message', { presence: 'update', isMap: ctx.typeOf(name, 'update')?.isMap ?? false, moved: false });
      compareMessage(ctx, om, um);
      ctx.emit('message', { presence: 'both', isMap: false, moved: o.messageIndex.get(name) !== u.messageIndex.get(name) });
    });
  }
  for (const name of new Set([...o.enums.keys(), ...u.enums.keys()])) {
    ctx.inName(name, () => {
      const oe = o.enums.get(name);
      const ue = u.enums.get(name);
      if (!ue) return ctx.emit('enum', { presence: 'original' });
      if (!oe) return ctx.emit('enum', { presence: 'update' });
      compareEnum(ctx, oe, ue);
    });
  }
}

function compareEnum(ctx: ProtoContext, original: ProtoEnum, update: ProtoEnum): void {
  const byTag = (e: ProtoEnum) => new Map(e.constants.map((c) => [c.tag, c.name]));
  const o = byTag(original);
  const u = byTag(update);
  for (const tag of new Set([...o.keys(), ...u.keys()])) {
    ctx.at(String(tag), () => ctx.emit('enumConstant', { original: o.get(tag), update: u.get(tag) }));
  }
}

interface FieldIndex {
  byTag: Map<number, ProtoField>;
  oneofOf: Map<number, string>;
  oneofs: Map<string, ProtoField[]>;
}

function fieldIndex(message: ProtoMessage): FieldIndex {
  const index: FieldIndex = { byTag: new Map(), oneofOf: new Map(), oneofs: new Map() };
  for (const field of message.fields) index.byTag.set(field.tag, field);
  for (const oneof of message.oneOfs) {
    index.oneofs.set(oneof.name, oneof.fields);
    for (const field of oneof.fields) {
      index.byTag.set(field.tag, field);
      index.oneofOf.set(field.tag, oneof.name);
    }
  }
  return index;
}

/**
 * Fields are compared by tag across the whole message, whatever oneof they
 * sit in, so moving a field in or out of a oneof cannot hide a type change.
 */
function compareMessage(ctx: ProtoContext, original: ProtoMessage, update: ProtoMessage): void {
  ctx.inSchema(original, () => {
    const o = fieldIndex(original);
    const u = fieldIndex(update);
    // A oneof gone with all its members is a deletion, not a loss of members.
    const deletedOneofs = new Set(
      [...o.oneofs].filter(([name, fields]) => !u.oneofs.has(name) && !fields.some((f) => u.byTag.has(f.tag))).map(([name]) => name),
    );
    for (const oneof of update.oneOfs) {
      ctx.at(oneof.name, () => {
        const groups = new Set<string>();
        let topLevelMovedIn = 0;
        for (const field of oneof.fields) {
          const originalOneof = o.oneofOf.get(field.tag);
          if (originalOneof !== undefined) groups.add(`oneof:${originalOneof}`);
          else if (o.byTag.has(field.tag)) {
            groups.add(`field:${field.tag}`);
            topLevelMovedIn++;
          }
        }
        ctx.emit('oneofMembers', { originGroups: groups.size, topLevelMovedIn });
      });
    }
    for (const name of new Set([...o.oneofs.keys(), ...u.oneofs.keys()])) {
      ctx.at(name, () => ctx.emit('oneof', { inOriginal: o.oneofs.has(name), inUpdate: u.oneofs.has(name) }));
    }
    const tags = [...new Set([...o.byTag.keys(), ...u.byTag.keys()])].sort((a, b) => a - b);
    for (const tag of tags) {
      const of = o.byTag.get(tag);
      const uf = u.byTag.get(tag);
      const originalOneOf = o.oneofOf.get(tag);
      const updateOneOf = u.oneofOf.get(tag);
      const at = (oneof: string | undefined, work: () => void) => (oneof ? ctx.at(oneof, () => ctx.at(String(tag), work)) : ctx.at(String(tag), work));
      if (!uf) {
        at(originalOneOf, () => ctx.emit('removedField', { field: of!, oneof: originalOneOf, oneofDeleted: originalOneOf !== undefined && deletedOneofs.has(originalOneOf) }));
      } else if (!of) {
        at(updateOneOf, () => ctx.emit('addedField', { field: uf, oneof: updateOneOf }));
      } else {
        ctx.at(String(tag), () => ctx.emit('keptField', { originalOneOf, updateOneOf }));
        at(updateOneOf, () => compareField(ctx, of, uf));
      }
    }
  });
  compareTypes(ctx, original.nested, update.nested);
}

function compareField(ctx: ProtoContext, original: ProtoField, update: ProtoField): void {
  ctx.emit('fieldName', { original: original.name, update: update.name });
  compareTypesOfField(ctx, original.label, update.label, original.type, update.type);
}

const SCALARS = new Set(['bool', 'bytes', 'double', 'float', 'fixed32', 'fixed64', 'int32', 'int64', 'sfixed32', 'sfixed64', 'sint32', 'sint64', 'string', 'uint32', 'uint64']);

const SCALAR_KINDS: Record<string, ScalarKind> = {
  int32: 'GENERAL_NUMBER',
  int64: 'GENERAL_NUMBER',
  uint32: 'GENERAL_NUMBER',
  uint64: 'GENERAL_NUMBER',
  bool: 'GENERAL_NUMBER',
  sint32: 'SIGNED_NUMBER',
  sint64: 'SIGNED_NUMBER',
  string: 'STRING_OR_BYTES',
  bytes: 'STRING_OR_BYTES',
  fixed32: 'FIXED32',
  sfixed32: 'FIXED32',
  fixed64: 'FIXED64',
  sfixed64: 'FIXED64',
  float: 'FLOAT',
  double: 'DOUBLE',
};

function mapParts(type: string): [string, string] | undefined {
  const match = /^map<\s*([^,\s]+)\s*,\s*([^>\s]+)\s*>$/.exec(type);
  return match ? [match[1], match[2]] : undefined;
}

function kindOf(ctx: ProtoContext, type: string, side: 'original' | 'update'): FieldKind {
  if (SCALARS.has(type)) return 'SCALAR';
  if (mapParts(type)) return 'MAP';
  return ctx.typeOf(type, side)?.type.kind === 'enum' ? 'SCALAR' : 'MESSAGE';
}

function scalarKindOf(ctx: ProtoContext, type: string, side: 'original' | 'update'): ScalarKind {
  if (ctx.typeOf(type, side)?.type.kind === 'enum') return 'GENERAL_NUMBER';
  return SCALAR_KINDS[type] ?? 'GENERAL_NUMBER';
}

function compareTypesOfField(ctx: ProtoContext, originalLabel: string | undefined, updateLabel: string | undefined, originalType: string, updateType: string): void {
  // Map entries written as messages (descriptors) compare as maps.
  const asMap = (type: string, side: 'original' | 'update') => {
    const info = ctx.typeOf(type, side);
    return info?.isMap && info.key && info.value ? `map<${info.key.type}, ${info.value.type}>` : type;
  };
  const o = asMap(originalType, 'original');
  const u = asMap(updateType, 'update');
  const ok = kindOf(ctx, o, 'original');
  const uk = kindOf(ctx, u, 'update');
  if (ok !== uk) return ctx.emit('fieldKind', { original: ok, update: uk });
  if (ok === 'SCALAR') {
    return ctx.emit('scalar', { original: scalarKindOf(ctx, o, 'original'), update: scalarKindOf(ctx, u, 'update'), originalLabel, updateLabel });
  }
  if (ok === 'MAP') {
    const [okey, ovalue] = mapParts(o)!;
    const [ukey, uvalue] = mapParts(u)!;
    compareTypesOfField(ctx, undefined, undefined, okey, ukey);
    return compareTypesOfField(ctx, undefined, undefined, ovalue, uvalue);
  }
  compareMessageTypes(ctx, o, u);
}

function localName(full: string, packageName: string): string {
  return packageName && full.startsWith(`${packageName}.`) ? full.slice(packageName.length + 1) : full;
}

/**
 * Message-typed fields: the named types must be the same (by name within
 * their package); one that comes from a different referenced subject or
 * version is compared itself, and its differences are reported too.
 */
function compareMessageTypes(ctx: ProtoContext, originalType: string, updateType: string): void {
  const originalFull = ctx.resolve(originalType, 'original');
  const updateFull = ctx.resolve(updateType, 'update');
  if (originalFull === undefined || updateFull === undefined) {
    return ctx.emit('namedType', { changed: originalType !== updateType });
  }
  const o = ctx.typeOf(`.${originalFull}`, 'original')!;
  const u = ctx.typeOf(`.${updateFull}`, 'update')!;
  const originalLocal = localName(originalFull, o.packageName);
  const updateLocal = localName(updateFull, u.packageName);
  if (originalLocal !== updateLocal) return ctx.emit('namedType', { changed: true });
  if (o.ref.subject === u.ref.subject && o.ref.version === u.ref.version) return;
  if (o.type.kind !== 'message' || u.type.kind !== 'message') return;
  const sub = ctx.sub();
  sub.setPackage('original', o.packageName);
  sub.setPackage('update', u.packageName);
  sub.setFullName(originalLocal);
  compareMessage(sub, o.type, u.type);
  ctx.addAll(sub.diffs);
  ctx.emit('namedType', { changed: !sub.isCompatible() });
}
