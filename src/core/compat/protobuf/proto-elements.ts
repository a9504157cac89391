import protobuf from 'protobufjs';

/**
 * A .proto file as Confluent's checker reads it (Wire's syntax-level model):
 * messages and enums in declaration order, fields with their label and their
 * type as written. Built from protobufjs's unresolved parse.
 */
export interface ProtoField {
  name: string;
  tag: number;
  /** undefined is proto3's implicit presence. */
  label?: 'optional' | 'required' | 'repeated';
  /** The type as written (`Status`, `.foo.Bar`), or `map<K, V>`. */
  type: string;
}

export interface ProtoOneOf {
  name: string;
  fields: ProtoField[];
}

export interface ProtoMessage {
  kind: 'message';
  name: string;
  /** Fields outside any oneof, in declaration order. */
  fields: ProtoField[];
  oneOfs: ProtoOneOf[];
  nested: ProtoTypeElement[];
  mapEntry: boolean;
}

export interface ProtoEnum {
  kind: 'enum';
  name: string;
  constants: Array<{ name: string; tag: number }>;
  nested: ProtoTypeElement[];
}

export type ProtoTypeElement = ProtoMessage | ProtoEnum;

export interface ProtoFile {
  packageName: string;
  types: ProtoTypeElement[];
}

export function protoFileOf(root: protobuf.Root, packageName: string, syntax: string): ProtoFile {
  let scope: protobuf.NamespaceBase = root;
  for (const part of packageName ? packageName.split('.') : []) {
    const next = scope.nested?.[part];
    if (!(next instanceof protobuf.Namespace)) return { packageName, types: [] };
    scope = next;
  }
  return { packageName, types: typesOf(scope, syntax) };
}

function typesOf(scope: protobuf.NamespaceBase, syntax: string): ProtoTypeElement[] {
  const out: ProtoTypeElement[] = [];
  for (const nested of scope.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(messageOf(nested, syntax));
    else if (nested instanceof protobuf.Enum) {
      out.push({ kind: 'enum', name: nested.name, constants: Object.entries(nested.values).map(([name, tag]) => ({ name, tag })), nested: [] });
    }
  }
  return out;
}

/** protobufjs models proto3 `optional` as a one-field oneof named `_<field>`; Wire does not. */
function isSynthetic(oneof: protobuf.OneOf): boolean {
  return oneof.fieldsArray.length === 1 && oneof.name === `_${oneof.fieldsArray[0].name}` && oneof.fieldsArray[0].options?.proto3_optional === true;
}

function messageOf(type: protobuf.Type, syntax: string): ProtoMessage {
  const real = type.oneofsArray.filter((o) => !isSynthetic(o));
  const inOneOf = new Set(real.flatMap((o) => o.fieldsArray));
  return {
    kind: 'message',
    name: type.name,
    fields: type.fieldsArray.filter((f) => !inOneOf.has(f)).map((f) => fieldOf(f, syntax, false)),
    oneOfs: real.map((o) => ({ name: o.name, fields: o.fieldsArray.map((f) => fieldOf(f, syntax, true)) })),
    nested: typesOf(type, syntax),
    mapEntry: type.options?.map_entry === true,
  };
}

/** Members of a oneof carry no label; proto2 fields without one are `optional`. */
function fieldOf(field: protobuf.Field, syntax: string, inOneOf: boolean): ProtoField {
  let label: ProtoField['label'];
  if (field.rule === 'repeated' || field.rule === 'required') label = field.rule;
  else if (!inOneOf && (field.options?.proto3_optional === true || syntax === 'proto2')) label = 'optional';
  const type = field instanceof protobuf.MapField ? `map<${field.keyType}, ${field.type}>` : field.type;
  // Files protobufjs ships as JSON name fields in camelCase; protoName is the name in the .proto.
  return { name: field.protoName ?? field.name, tag: field.id, ...(label && { label }), type };
}
