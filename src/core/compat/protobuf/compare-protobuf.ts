import protobuf from 'protobufjs';
import type { ProtobufModel } from '../../formats/protobuf/protobuf-format.ts';
import type { CheckContext, Difference } from '../difference.ts';

/**
 * Protobuf reader/writer comparison: messages by full name, fields by tag
 * number, as the wire format sees them. The common cases; the full catalog
 * of Confluent's protobuf differences is tracked in issue #3.
 */
export function compareProtobuf(reader: ProtobufModel, writer: ProtobufModel, _context: CheckContext): Difference[] {
  const out: Difference[] = [];
  if (reader.package !== writer.package) {
    out.push({ ruleId: 'PACKAGE_CHANGED', path: '#/', message: `package changed from '${writer.package}' ({writer}) to '${reader.package}' ({reader})`, compatible: false });
  }
  for (const name of writer.messageNames) {
    const relative = relativeName(name, writer.package);
    const readerName = reader.package ? `${reader.package}.${relative}` : relative;
    const w = writer.resolvedRoot.lookupType(name);
    const r = reader.messageNames.includes(readerName) ? reader.resolvedRoot.lookupType(readerName) : undefined;
    if (!r) {
      out.push({ ruleId: 'MESSAGE_REMOVED', path: `#/${relative}`, message: `message '${relative}' of the {writer} schema is missing from the {reader} schema`, compatible: false });
      continue;
    }
    compareFields(r, w, `#/${relative}`, out);
  }
  return out;
}

function relativeName(name: string, pkg: string): string {
  return pkg && name.startsWith(`${pkg}.`) ? name.slice(pkg.length + 1) : name;
}

/** Scalar kinds that share a wire encoding; changing within a group keeps old bytes readable. */
const WIRE_GROUPS: string[][] = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
];

function kindOf(field: protobuf.Field): string {
  if (field instanceof protobuf.MapField) return `map<${field.keyType},${typeName(field)}>`;
  return typeName(field);
}

function typeName(field: protobuf.Field): string {
  if (field.resolvedType) return field.resolvedType instanceof protobuf.Enum ? 'enum' : `message ${field.resolvedType.fullName.slice(1)}`;
  return field.type;
}

function compareFields(reader: protobuf.Type, writer: protobuf.Type, path: string, out: Difference[]): void {
  for (const w of writer.fieldsArray) {
    const r = reader.fieldsArray.find((f) => f.id === w.id);
    const at = `${path}/${w.id}`;
    if (!r) {
      out.push({ ruleId: 'FIELD_REMOVED', path: at, message: `field ${w.id} ('${w.name}') of the {writer} schema is not in the {reader} schema; readers skip it`, compatible: true });
      continue;
    }
    const rk = kindOf(r);
    const wk = kindOf(w);
    if (rk === wk) continue;
    const sameGroup = WIRE_GROUPS.some((g) => g.includes(rk) && g.includes(wk));
    const enumInt = (rk === 'enum' && ['int32', 'uint32', 'int64', 'uint64'].includes(wk)) || (wk === 'enum' && ['int32', 'uint32', 'int64', 'uint64'].includes(rk));
    if (sameGroup || enumInt) {
      out.push({ ruleId: 'FIELD_SCALAR_KIND_CHANGED', path: at, message: `field ${w.id} changed from ${wk} to ${rk}, a wire-compatible change`, compatible: true });
    } else {
      out.push({ ruleId: 'FIELD_KIND_CHANGED', path: at, message: `field ${w.id} ('${w.name}') is ${wk} in the {writer} schema and ${rk} in the {reader} schema`, compatible: false });
    }
  }
  for (const r of reader.fieldsArray) {
    if (!writer.fieldsArray.some((f) => f.id === r.id)) {
      out.push({ ruleId: 'FIELD_ADDED', path: `${path}/${r.id}`, message: `field ${r.id} ('${r.name}') is only in the {reader} schema`, compatible: true });
    }
  }
}
