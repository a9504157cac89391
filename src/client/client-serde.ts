import type { ParsedSchema } from '../core/parse-schema.ts';
import { recordValidatorFor } from '../core/records/record-validator.ts';
import { payloadCodecFor } from '../core/serde/payload-codec.ts';
import { readFrame, writeFrame } from '../core/serde/wire-format.ts';
import { RecordValidationError, SerializationError, type RecordIssue } from './client-errors.ts';

/**
 * The value as a wire-format message under `schemaId`. A value the schema
 * refuses is a RecordValidationError listing where; anything else the codec
 * throws is a SerializationError.
 */
export function encodeValue(parsed: ParsedSchema, subject: string, schemaId: number, value: unknown): Buffer {
  let encoded: { payload: Uint8Array; messageIndexes?: number[] };
  try {
    encoded = payloadCodecFor(parsed).encode(value);
  } catch (err) {
    // The codec validates before it encodes; asking the validator again only on failure keeps a
    // producer's hot path at one validation per message and gives the error structured issues.
    const issues = issuesOf(parsed, value);
    if (issues.length > 0) throw new RecordValidationError(subject, schemaId, issues, { cause: err });
    throw new SerializationError(`Cannot encode the value for subject '${subject}' under schema ${schemaId}: ${messageOf(err)}`, schemaId, { cause: err });
  }
  return writeFrame({ schemaId, payload: encoded.payload, ...(encoded.messageIndexes && { messageIndexes: encoded.messageIndexes }) });
}

/** The schema id a wire-format message names; SerializationError when the bytes are not such a message. */
export function frameSchemaIdOf(bytes: unknown): number {
  if (!(bytes instanceof Uint8Array)) {
    throw new SerializationError(`decode() takes a message's bytes (a Buffer or Uint8Array), not ${bytes === null ? 'null' : typeof bytes}`);
  }
  try {
    return readFrame(bytes, false).schemaId;
  } catch (err) {
    throw new SerializationError(`Cannot decode: ${messageOf(err)}`, undefined, { cause: err });
  }
}

/** The message's value under its schema; SerializationError when the payload is not one the schema can read. */
export function decodePayload(parsed: ParsedSchema, schemaId: number, bytes: Uint8Array): unknown {
  try {
    const frame = readFrame(bytes, parsed.type === 'PROTOBUF');
    return payloadCodecFor(parsed).decode(frame.payload, frame.messageIndexes);
  } catch (err) {
    throw new SerializationError(`Cannot decode the message under schema ${schemaId} (${parsed.type}): ${messageOf(err)}`, schemaId, { cause: err });
  }
}

function issuesOf(parsed: ParsedSchema, value: unknown): RecordIssue[] {
  try {
    return recordValidatorFor(parsed)(value);
  } catch {
    return [];
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
