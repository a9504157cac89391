import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import { protoFileOf, type ProtoFile } from '../../compat/protobuf/proto-elements.ts';
import { BUNDLED_PROTO_SOURCES } from './bundled-proto-sources.ts';

const require = createRequire(import.meta.url);

type Nested = Record<string, protobuf.AnyNestedObject>;

/**
 * google/protobuf files protobufjs ships only as JSON, with what each one
 * declares itself and imports. Its api.json and type.json also carry copies
 * of the types they import (SourceContext, Option, Any…), so adding both
 * whole fails with "duplicate name"; each file adds only its own types.
 */
const PROTOBUFJS_JSON: Record<string, { declares?: string[]; imports: string[] }> = {
  api: { declares: ['Api', 'Method', 'Mixin'], imports: ['google/protobuf/source_context.proto', 'google/protobuf/type.proto'] },
  type: { declares: ['Type', 'Field', 'Enum', 'EnumValue', 'Option', 'Syntax'], imports: ['google/protobuf/any.proto', 'google/protobuf/source_context.proto'] },
  source_context: { declares: ['SourceContext'], imports: [] },
  descriptor: { imports: [] },
};

/** Everything Confluent's ProtobufSchema resolves without a reference (its KNOWN_DEPENDENCIES). */
export const KNOWN_DEPENDENCY_PATHS: readonly string[] = [
  ...['any', 'api', 'descriptor', 'duration', 'empty', 'field_mask', 'source_context', 'struct', 'timestamp', 'type', 'wrappers'].map(
    (name) => `google/protobuf/${name}.proto`,
  ),
  ...Object.keys(BUNDLED_PROTO_SOURCES),
];

const KNOWN = new Set(KNOWN_DEPENDENCY_PATHS);

export function isWellKnownImport(path: string): boolean {
  return KNOWN.has(path);
}

/** The google.protobuf declarations of one google/protobuf file protobufjs ships, and its imports. */
function googleProtobufFile(path: string): { nested: Nested; imports: string[] } | undefined {
  const common = protobuf.common.get(path);
  if (common) return { nested: common.nested as Nested, imports: [] };
  const name = /^google\/protobuf\/(\w+)\.proto$/.exec(path)?.[1];
  const entry = name === undefined ? undefined : PROTOBUFJS_JSON[name];
  if (!entry) return undefined;
  const json = require(`protobufjs/google/protobuf/${name}.json`) as { nested: { google: { nested: { protobuf: { nested: Nested } } } } };
  const all = json.nested.google.nested.protobuf.nested;
  const own = entry.declares ? Object.fromEntries(entry.declares.map((type) => [type, all[type]])) : all;
  return { nested: { google: { nested: { protobuf: { nested: own } } } } as unknown as Nested, imports: entry.imports };
}

/** Adds a well-known file (and what it imports) to a root; true when it was one. */
export function addWellKnownImport(root: protobuf.Root, path: string, added: Set<string>): boolean {
  if (added.has(path)) return true;
  if (!KNOWN.has(path)) return false;
  added.add(path);
  const google = googleProtobufFile(path);
  if (google) {
    root.addJSON(google.nested);
    for (const dependency of google.imports) addWellKnownImport(root, dependency, added);
    return true;
  }
  const parsed = protobuf.parse(BUNDLED_PROTO_SOURCES[path], root, { keepCase: true });
  for (const dependency of parsed.imports ?? []) addWellKnownImport(root, dependency, added);
  return true;
}

let knownFiles: ReadonlyArray<{ path: string; file: ProtoFile }> | undefined;

/**
 * Every known dependency as the compatibility checker reads it. Confluent's
 * diff context holds the types of all of them, so a field typed
 * `google.type.Date` or `.google.protobuf.Timestamp` resolves to a message
 * (or enum) it can compare, not to unresolved text. Built once: the files
 * never change.
 */
export function knownProtoFiles(): ReadonlyArray<{ path: string; file: ProtoFile }> {
  knownFiles ??= KNOWN_DEPENDENCY_PATHS.map((path) => {
    const root = new protobuf.Root();
    const google = googleProtobufFile(path);
    if (google) {
      root.addJSON(google.nested);
      return { path, file: protoFileOf(root, 'google.protobuf', path.endsWith('/descriptor.proto') ? 'proto2' : 'proto3') };
    }
    const parsed = protobuf.parse(BUNDLED_PROTO_SOURCES[path], root, { keepCase: true });
    return { path, file: protoFileOf(parsed.root, parsed.package ?? '', 'proto3') };
  });
  return knownFiles;
}
