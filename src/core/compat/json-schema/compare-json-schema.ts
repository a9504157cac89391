import type { JsonSchemaModel } from '../../formats/json-schema/json-schema-format.ts';
import type { CheckContext, Difference } from '../difference.ts';

type Schema = Record<string, unknown>;

/**
 * JSON Schema reader/writer comparison for the common cases: types,
 * properties added and removed against open and closed content models,
 * required properties. The full Confluent catalog is tracked in issue #3.
 */
export function compareJsonSchema(reader: JsonSchemaModel, writer: JsonSchemaModel, context: CheckContext): Difference[] {
  const out: Difference[] = [];
  walk(asSchema(reader.schema), asSchema(writer.schema), '#', context, out);
  return out;
}

function asSchema(value: unknown): Schema {
  if (value === true) return {};
  if (value === false) return { not: {} };
  return value !== null && typeof value === 'object' ? (value as Schema) : {};
}

function types(schema: Schema): Set<string> | undefined {
  const t = schema.type;
  if (typeof t === 'string') return new Set(t === 'integer' ? ['integer'] : [t]);
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'));
  return undefined;
}

function isOpen(schema: Schema): boolean {
  return schema.additionalProperties !== false && schema.unevaluatedProperties !== false;
}

function walk(reader: Schema, writer: Schema, path: string, context: CheckContext, out: Difference[]): void {
  const rt = types(reader);
  const wt = types(writer);
  if (rt && wt) {
    const lost = [...wt].filter((t) => !rt.has(t) && !(t === 'integer' && rt.has('number')));
    if (lost.length > 0) {
      out.push({ ruleId: 'TYPE_NARROWED', path: `${path}/type`, message: `the {reader} schema no longer accepts ${lost.join(', ')} values the {writer} schema allowed`, compatible: false });
      return;
    }
  }
  const rp = (reader.properties ?? {}) as Record<string, unknown>;
  const wp = (writer.properties ?? {}) as Record<string, unknown>;
  for (const name of Object.keys(wp)) {
    if (name in rp) {
      walk(asSchema(rp[name]), asSchema(wp[name]), `${path}/properties/${name}`, context, out);
    } else if (isOpen(reader)) {
      out.push({ ruleId: 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', path: `${path}/properties/${name}`, message: `property '${name}' removed; the {reader} content model is open, so old data still validates`, compatible: true });
    } else {
      out.push({ ruleId: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', path: `${path}/properties/${name}`, message: `property '${name}' removed from a closed content model: {writer} data with '${name}' no longer validates`, compatible: false });
    }
  }
  const required = new Set(Array.isArray(writer.required) ? writer.required : []);
  for (const name of Object.keys(rp)) {
    if (name in wp) continue;
    const isRequired = Array.isArray(reader.required) && reader.required.includes(name);
    if (isRequired) {
      out.push({ ruleId: 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', path: `${path}/properties/${name}`, message: `required property '${name}' added: {writer} data without it no longer validates`, compatible: false });
    } else if (isOpen(writer)) {
      out.push({ ruleId: 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', path: `${path}/properties/${name}`, message: `property '${name}' added to an open content model: {writer} data may already hold '${name}' with another type`, compatible: context.policy === 'LENIENT' });
    } else {
      out.push({ ruleId: 'PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL', path: `${path}/properties/${name}`, message: `optional property '${name}' added`, compatible: true });
    }
  }
  for (const name of Array.isArray(reader.required) ? reader.required : []) {
    if (!required.has(name) && name in wp) {
      out.push({ ruleId: 'REQUIRED_ATTRIBUTE_ADDED', path: `${path}/required`, message: `'${name}' became required: {writer} data without it no longer validates`, compatible: false });
    }
  }
}
