/**
 * The parsed form of an Avro schema that the registry reasons about.
 * Named types are shared objects, so a recursive record is a cycle in this
 * graph and a name used twice is the same node.
 */
export const AVRO_PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type AvroPrimitiveName = (typeof AVRO_PRIMITIVES)[number];

/** Attributes the specification does not define (e.g. `connect.name`); they are part of the schema. */
export type AvroProps = Record<string, unknown>;

export interface AvroPrimitive {
  kind: 'primitive';
  type: AvroPrimitiveName;
  props: AvroProps;
}

interface AvroNamedBase {
  /** Unqualified name. */
  name: string;
  /** Namespace-qualified name; the identity of the type. */
  fullname: string;
  namespace: string;
  /** Aliases, fully qualified. */
  aliases: string[];
  doc?: string;
  props: AvroProps;
}

export interface AvroField {
  name: string;
  aliases: string[];
  type: AvroType;
  hasDefault: boolean;
  default?: unknown;
  order?: 'ascending' | 'descending' | 'ignore';
  doc?: string;
  props: AvroProps;
  index: number;
}

export interface AvroRecord extends AvroNamedBase {
  kind: 'record';
  /** `error` types are records with another keyword. */
  error: boolean;
  fields: AvroField[];
}

export interface AvroEnum extends AvroNamedBase {
  kind: 'enum';
  symbols: string[];
  default?: string;
}

export interface AvroFixed extends AvroNamedBase {
  kind: 'fixed';
  size: number;
}

export interface AvroArray {
  kind: 'array';
  items: AvroType;
  props: AvroProps;
}

export interface AvroMap {
  kind: 'map';
  values: AvroType;
  props: AvroProps;
}

export interface AvroUnion {
  kind: 'union';
  branches: AvroType[];
}

export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;
export type AvroType = AvroPrimitive | AvroNamed | AvroArray | AvroMap | AvroUnion;

export function isNamed(type: AvroType): type is AvroNamed {
  return type.kind === 'record' || type.kind === 'enum' || type.kind === 'fixed';
}

/** A short human description of a type, for messages: `record com.acme.Order`, `array<int>`. */
export function describeAvroType(type: AvroType): string {
  switch (type.kind) {
    case 'primitive':
      return type.type;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${type.kind} ${type.fullname}`;
    case 'array':
      return 'array';
    case 'map':
      return 'map';
    case 'union':
      return `union [${type.branches.map(describeAvroType).join(', ')}]`;
  }
}
