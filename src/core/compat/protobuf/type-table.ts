import { knownProtoFiles } from '../../formats/protobuf/well-known-protos.ts';
import type { ProtoField, ProtoFile, ProtoMessage, ProtoTypeElement } from './proto-elements.ts';

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

/** Fully qualified type name (no leading dot) → what it is. */
export type TypeTable = Map<string, TypeInfo>;

export const LOCAL_REF = { subject: '', version: -1 };

/**
 * Registered versions start at 1, so no reference has this one. Each known
 * file is its own reference, as in Confluent (where it has none): two known
 * types of the same local name (google.type.Decimal, confluent.type.Decimal)
 * are still compared field by field.
 */
const KNOWN_VERSION = 0;

/** Adds every message and enum of a file, nested ones included, under its full name. */
export function addFileTypes(table: TypeTable, file: ProtoFile, ref: TypeInfo['ref']): void {
  const walk = (types: ProtoTypeElement[], scope: string) => {
    for (const type of types) {
      const full = scope ? `${scope}.${type.name}` : type.name;
      const isMap = type.kind === 'message' && type.mapEntry;
      const fields = isMap ? (type as ProtoMessage).fields : [];
      table.set(full, {
        packageName: file.packageName,
        ref,
        type,
        isMap,
        key: fields.find((f) => f.name === 'key'),
        value: fields.find((f) => f.name === 'value'),
      });
      walk(type.nested, full);
    }
  };
  walk(file.types, file.packageName);
}

let allKnown: TypeTable | undefined;

/**
 * The types of every file Confluent resolves without a reference (its diff
 * context holds all of them, imported or not), except the files a schema
 * passes its own reference for. Shared when there are none: it never changes.
 */
export function knownTypeTable(replaced: ReadonlySet<string>): TypeTable {
  const build = (skip: ReadonlySet<string>) => {
    const table: TypeTable = new Map();
    for (const { path, file } of knownProtoFiles()) {
      if (!skip.has(path)) addFileTypes(table, file, { subject: path, version: KNOWN_VERSION });
    }
    return table;
  };
  if (!knownProtoFiles().some(({ path }) => replaced.has(path))) {
    allKnown ??= build(new Set());
    return allKnown;
  }
  return build(replaced);
}
