import type { AvroType } from './avro-model.ts';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_LIMIT = 2 ** 63;

/**
 * Whether a JSON value is a valid default for a type, as Avro's Java parser
 * (and therefore Confluent) decides: a union default may match any branch, a
 * record default must give every field without its own default.
 */
export function isValidAvroDefault(type: AvroType, value: unknown): boolean {
  switch (type.kind) {
    case 'primitive':
      switch (type.type) {
        case 'null':
          return value === null;
        case 'boolean':
          return typeof value === 'boolean';
        case 'int':
          return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX;
        case 'long':
          return Number.isInteger(value) && Math.abs(value as number) <= LONG_LIMIT;
        case 'float':
        case 'double':
          return typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity';
        case 'bytes':
        case 'string':
          return typeof value === 'string';
      }
      return false;
    case 'enum':
      return typeof value === 'string' && type.symbols.includes(value);
    case 'fixed':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value) && value.every((item) => isValidAvroDefault(type.items, item));
    case 'map':
      return isPlainObject(value) && Object.values(value).every((v) => isValidAvroDefault(type.values, v));
    case 'union':
      return type.branches.some((branch) => isValidAvroDefault(branch, value));
    case 'record': {
      if (!isPlainObject(value)) return false;
      return type.fields.every((field) =>
        field.name in value ? isValidAvroDefault(field.type, value[field.name]) : field.hasDefault,
      );
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
