import {
  AVRO_PRIMITIVES,
  type AvroEnum,
  type AvroField,
  type AvroFixed,
  type AvroNamed,
  type AvroPrimitiveName,
  type AvroProps,
  type AvroRecord,
  type AvroType,
} from './avro-model.ts';
import { isValidAvroDefault } from './avro-default.ts';

/** A schema that breaks the Avro specification, with the JSON pointer of the offending part. */
export class AvroSchemaError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${reason} (at ${path || '/'})`);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RECORD_ATTRS = new Set(['type', 'name', 'namespace', 'aliases', 'doc', 'fields']);
const FIELD_ATTRS = new Set(['name', 'type', 'default', 'order', 'aliases', 'doc']);
const ENUM_ATTRS = new Set(['type', 'name', 'namespace', 'aliases', 'doc', 'symbols', 'default']);
const FIXED_ATTRS = new Set(['type', 'name', 'namespace', 'aliases', 'doc', 'size']);

/**
 * Parses one Avro schema (already JSON-decoded). `named` holds the named types
 * of the schema's references and receives the ones this schema defines, so a
 * schema and its references share one namespace of names, as in Confluent.
 */
export function parseAvroSchema(json: unknown, named: Map<string, AvroNamed>): AvroType {
  return new AvroParser(named).parse(json, '', '');
}

class AvroParser {
  constructor(private readonly named: Map<string, AvroNamed>) {}

  parse(json: unknown, namespace: string, path: string): AvroType {
    if (typeof json === 'string') return this.byName(json, namespace, path);
    if (Array.isArray(json)) return this.union(json, namespace, path);
    if (json === null || typeof json !== 'object') {
      throw new AvroSchemaError(path, `expected a type name, a type object or a union array, got ${JSON.stringify(json)}`);
    }
    const obj = json as Record<string, unknown>;
    const type = obj.type;
    if (typeof type !== 'string') {
      throw new AvroSchemaError(path, `a type object needs "type" to be a string, got ${JSON.stringify(type)}`);
    }
    if ((AVRO_PRIMITIVES as readonly string[]).includes(type)) {
      return { kind: 'primitive', type: type as AvroPrimitiveName, props: extraProps(obj, new Set(['type'])) };
    }
    switch (type) {
      case 'record':
      case 'error':
        return this.record(obj, namespace, path);
      case 'enum':
        return this.enumType(obj, namespace, path);
      case 'fixed':
        return this.fixed(obj, namespace, path);
      case 'array':
        if (!('items' in obj)) throw new AvroSchemaError(path, 'an array needs "items"');
        return { kind: 'array', items: this.parse(obj.items, namespace, `${path}/items`), props: extraProps(obj, new Set(['type', 'items'])) };
      case 'map':
        if (!('values' in obj)) throw new AvroSchemaError(path, 'a map needs "values"');
        return { kind: 'map', values: this.parse(obj.values, namespace, `${path}/values`), props: extraProps(obj, new Set(['type', 'values'])) };
      default:
        // `{"type": "com.acme.Name"}` refers to a named type, as Avro's own parser allows.
        return this.byName(type, namespace, `${path}/type`);
    }
  }

  private byName(name: string, namespace: string, path: string): AvroType {
    if ((AVRO_PRIMITIVES as readonly string[]).includes(name)) {
      return { kind: 'primitive', type: name as AvroPrimitiveName, props: {} };
    }
    const candidates = name.includes('.') ? [name] : namespace ? [`${namespace}.${name}`, name] : [name];
    for (const candidate of candidates) {
      const found = this.named.get(candidate);
      if (found) return found;
    }
    throw new AvroSchemaError(
      path,
      `unknown type '${name}': not a primitive type and no named type '${candidates[0]}' is defined before this point or in a reference`,
    );
  }

  private union(branches: unknown[], namespace: string, path: string): AvroType {
    const parsed = branches.map((branch, i) => this.parse(branch, namespace, `${path}/${i}`));
    const seen = new Set<string>();
    parsed.forEach((branch, i) => {
      if (branch.kind === 'union') throw new AvroSchemaError(`${path}/${i}`, 'a union may not immediately contain another union');
      const key = branch.kind === 'primitive' ? branch.type : 'fullname' in branch ? branch.fullname : branch.kind;
      if (seen.has(key)) throw new AvroSchemaError(`${path}/${i}`, `duplicate '${key}' in union`);
      seen.add(key);
    });
    return { kind: 'union', branches: parsed };
  }

  private names(obj: Record<string, unknown>, enclosing: string, path: string) {
    const name = obj.name;
    if (typeof name !== 'string' || name === '') throw new AvroSchemaError(path, 'a named type needs a non-empty string "name"');
    let namespace: string;
    let simple: string;
    if (name.includes('.')) {
      simple = name.slice(name.lastIndexOf('.') + 1);
      namespace = name.slice(0, name.lastIndexOf('.'));
    } else {
      simple = name;
      const ns = obj.namespace;
      if (ns !== undefined && ns !== null && typeof ns !== 'string') {
        throw new AvroSchemaError(`${path}/namespace`, `"namespace" must be a string, got ${JSON.stringify(ns)}`);
      }
      namespace = typeof ns === 'string' ? ns : enclosing;
    }
    if (!NAME.test(simple)) throw new AvroSchemaError(`${path}/name`, `invalid name '${simple}': names match [A-Za-z_][A-Za-z0-9_]*`);
    if (namespace !== '') {
      for (const part of namespace.split('.')) {
        if (!NAME.test(part)) throw new AvroSchemaError(`${path}/namespace`, `invalid namespace '${namespace}'`);
      }
    }
    if ((AVRO_PRIMITIVES as readonly string[]).includes(simple) && namespace === '') {
      throw new AvroSchemaError(`${path}/name`, `'${simple}' is a primitive type and cannot be redefined`);
    }
    const fullname = namespace ? `${namespace}.${simple}` : simple;
    const aliases = stringList(obj.aliases, `${path}/aliases`).map((alias) =>
      alias.includes('.') || !namespace ? alias : `${namespace}.${alias}`,
    );
    const doc = optionalString(obj.doc, `${path}/doc`);
    return { name: simple, namespace, fullname, aliases, doc };
  }

  private define(type: AvroNamed, path: string): void {
    if (this.named.has(type.fullname)) throw new AvroSchemaError(path, `the name '${type.fullname}' is defined twice`);
    this.named.set(type.fullname, type);
  }

  private record(obj: Record<string, unknown>, enclosing: string, path: string): AvroRecord {
    const names = this.names(obj, enclosing, path);
    if (!Array.isArray(obj.fields)) throw new AvroSchemaError(`${path}/fields`, 'a record needs a "fields" array');
    const record: AvroRecord = {
      kind: 'record',
      error: obj.type === 'error',
      ...names,
      fields: [],
      props: extraProps(obj, RECORD_ATTRS),
    };
    // Defined before its fields are parsed, so a field may refer to the record itself.
    this.define(record, path);
    const fieldNames = new Set<string>();
    obj.fields.forEach((raw, index) => {
      const fieldPath = `${path}/fields/${index}`;
      const field = this.field(raw, names.namespace, fieldPath, index);
      if (fieldNames.has(field.name)) throw new AvroSchemaError(`${fieldPath}/name`, `duplicate field name '${field.name}'`);
      fieldNames.add(field.name);
      record.fields.push(field);
    });
    return record;
  }

  private field(raw: unknown, namespace: string, path: string, index: number): AvroField {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AvroSchemaError(path, 'a field must be an object');
    const obj = raw as Record<string, unknown>;
    if (typeof obj.name !== 'string' || !NAME.test(obj.name)) {
      throw new AvroSchemaError(`${path}/name`, `invalid field name ${JSON.stringify(obj.name)}: names match [A-Za-z_][A-Za-z0-9_]*`);
    }
    if (!('type' in obj)) throw new AvroSchemaError(path, `field '${obj.name}' has no "type"`);
    const type = this.parse(obj.type, namespace, `${path}/type`);
    const hasDefault = 'default' in obj;
    if (hasDefault && !isValidAvroDefault(type, obj.default)) {
      throw new AvroSchemaError(
        `${path}/default`,
        `invalid default for field '${obj.name}': ${JSON.stringify(obj.default)} is not a valid value of its type`,
      );
    }
    const order = obj.order;
    if (order !== undefined && order !== 'ascending' && order !== 'descending' && order !== 'ignore') {
      throw new AvroSchemaError(`${path}/order`, `"order" must be ascending, descending or ignore`);
    }
    const field: AvroField = {
      name: obj.name,
      aliases: stringList(obj.aliases, `${path}/aliases`),
      type,
      hasDefault,
      doc: optionalString(obj.doc, `${path}/doc`),
      props: extraProps(obj, FIELD_ATTRS),
      index,
    };
    if (hasDefault) field.default = obj.default;
    if (order !== undefined) field.order = order;
    return field;
  }

  private enumType(obj: Record<string, unknown>, enclosing: string, path: string): AvroEnum {
    const names = this.names(obj, enclosing, path);
    const symbols = obj.symbols;
    if (!Array.isArray(symbols)) throw new AvroSchemaError(`${path}/symbols`, 'an enum needs a "symbols" array');
    const seen = new Set<string>();
    symbols.forEach((symbol, i) => {
      if (typeof symbol !== 'string' || !NAME.test(symbol)) {
        throw new AvroSchemaError(`${path}/symbols/${i}`, `invalid enum symbol ${JSON.stringify(symbol)}`);
      }
      if (seen.has(symbol)) throw new AvroSchemaError(`${path}/symbols/${i}`, `duplicate enum symbol '${symbol}'`);
      seen.add(symbol);
    });
    const enumType: AvroEnum = { kind: 'enum', ...names, symbols: symbols as string[], props: extraProps(obj, ENUM_ATTRS) };
    if ('default' in obj) {
      if (typeof obj.default !== 'string' || !seen.has(obj.default)) {
        throw new AvroSchemaError(`${path}/default`, `enum default ${JSON.stringify(obj.default)} is not one of its symbols`);
      }
      enumType.default = obj.default;
    }
    this.define(enumType, path);
    return enumType;
  }

  private fixed(obj: Record<string, unknown>, enclosing: string, path: string): AvroFixed {
    const names = this.names(obj, enclosing, path);
    const size = obj.size;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 2 ** 31 - 1) {
      throw new AvroSchemaError(`${path}/size`, `"size" must be a non-negative integer, got ${JSON.stringify(size)}`);
    }
    const fixed: AvroFixed = { kind: 'fixed', ...names, size, props: extraProps(obj, FIXED_ATTRS) };
    this.define(fixed, path);
    return fixed;
  }
}

function extraProps(obj: Record<string, unknown>, known: Set<string>): AvroProps {
  const props: AvroProps = {};
  for (const [key, value] of Object.entries(obj)) if (!known.has(key)) props[key] = value;
  return props;
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new AvroSchemaError(path, 'expected an array of strings');
  }
  return value as string[];
}

/** Avro's own parser ignores a `doc` that is not a string; so do we. */
function optionalString(value: unknown, _path: string): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
