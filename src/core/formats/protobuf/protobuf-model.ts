import type protobuf from 'protobufjs';
import type { ProtoFile } from '../../compat/protobuf/proto-elements.ts';

/** A parsed .proto file: its own declarations, resolved against its imports. */
export interface ProtobufModel {
  syntax: string;
  package: string;
  imports: string[];
  /** The file's own declarations only (unresolved type names as written). */
  fileRoot: protobuf.Root;
  /** The file with its imports and references, every type resolved. */
  resolvedRoot: protobuf.Root;
  /** Fully qualified names (no leading dot) of the messages the file declares, in declaration order. */
  messageNames: string[];
  enumNames: string[];
  /** The file as the compatibility checker reads it. */
  file: ProtoFile;
  /** Referenced files, with the subject and version they came from. */
  dependencies: Array<{ name: string; subject: string; version: number; file: ProtoFile }>;
}
