import type { AvroField, AvroType } from './avro-model.ts';

/**
 * The registry's canonical JSON value of an Avro schema: every name fully
 * qualified (so `"name":"a.B"` and `"name":"B","namespace":"a"` are the same
 * schema), `{"type":"int"}` written as `"int"`, a named type spelled out once
 * and referred to by full name afterwards. Docs, defaults, aliases and custom
 * properties are kept: they are part of what a user registered. Key order is
 * left to the RFC 8785 serialiser.
 *
 * `predefined` holds the names that come from references: they are written by
 * name only, so a referencing schema does not absorb its references.
 */
export function avroCanonicalValue(root: AvroType, predefined: Iterable<string> = [], options: { fieldDefaults?: boolean } = {}): unknown {
  const written = new Set<string>(predefined);

  const write = (type: AvroType): unknown => {
    switch (type.kind) {
      case 'primitive':
        return Object.keys(type.props).length === 0 ? type.type : { ...type.props, type: type.type };
      case 'array':
        return { ...type.props, type: 'array', items: write(type.items) };
      case 'map':
        return { ...type.props, type: 'map', values: write(type.values) };
      case 'union':
        return type.branches.map(write);
      case 'record':
      case 'enum':
      case 'fixed': {
        if (written.has(type.fullname)) return type.fullname;
        written.add(type.fullname);
        const out: Record<string, unknown> = { ...type.props, type: type.kind === 'record' && type.error ? 'error' : type.kind, name: type.fullname };
        if (type.aliases.length > 0) out.aliases = type.aliases;
        if (type.doc !== undefined) out.doc = type.doc;
        if (type.kind === 'record') out.fields = type.fields.map(writeField);
        if (type.kind === 'enum') {
          out.symbols = type.symbols;
          if (type.default !== undefined) out.default = type.default;
        }
        if (type.kind === 'fixed') out.size = type.size;
        return out;
      }
    }
  };

  const writeField = (field: AvroField): unknown => {
    const out: Record<string, unknown> = { ...field.props, name: field.name, type: write(field.type) };
    if (field.hasDefault && options.fieldDefaults !== false) out.default = field.default;
    // "ascending" is the specification's default: writing it or not is the same schema.
    if (field.order !== undefined && field.order !== 'ascending') out.order = field.order;
    if (field.aliases.length > 0) out.aliases = field.aliases;
    if (field.doc !== undefined) out.doc = field.doc;
    return out;
  };

  return write(root);
}
