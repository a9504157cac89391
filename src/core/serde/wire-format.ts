import { errors } from '../errors.ts';

/**
 * Confluent's wire format: a zero magic byte, the schema id as a big-endian
 * 32-bit integer, for Protobuf the path of the message in its file (a count
 * and indexes as zig-zag varints; the common `[0]` is a single zero byte),
 * then the payload.
 */
export interface WireFrame {
  schemaId: number;
  /** Protobuf only: the message's position, outermost first. */
  messageIndexes?: number[];
  payload: Uint8Array;
}

export function writeFrame(frame: WireFrame): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeUInt32BE(frame.schemaId, 1);
  const parts: Buffer[] = [header];
  if (frame.messageIndexes) {
    const indexes = frame.messageIndexes;
    const isFirst = indexes.length === 1 && indexes[0] === 0;
    parts.push(Buffer.from(isFirst ? [0] : [indexes.length, ...indexes].flatMap(zigzagVarint)));
  }
  parts.push(Buffer.from(frame.payload.buffer, frame.payload.byteOffset, frame.payload.byteLength));
  return Buffer.concat(parts);
}

/** Reads the header; `protobuf` says whether message indexes follow it. */
export function readFrame(bytes: Uint8Array, protobuf: boolean): WireFrame {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 5 || buffer[0] !== 0) throw errors.badRequest('Not in Confluent wire format: it must start with a zero magic byte and a 4-byte schema id.');
  const schemaId = buffer.readUInt32BE(1);
  if (!protobuf) return { schemaId, payload: buffer.subarray(5) };
  let offset = 5;
  const next = () => {
    const { value, length } = readZigzagVarint(buffer, offset);
    offset += length;
    return value;
  };
  const count = next();
  const messageIndexes = count === 0 ? [0] : Array.from({ length: count }, next);
  return { schemaId, messageIndexes, payload: buffer.subarray(offset) };
}

/** The schema id of a framed message, without decoding the rest. */
export function frameSchemaId(bytes: Uint8Array): number {
  return readFrame(bytes, false).schemaId;
}

function zigzagVarint(n: number): number[] {
  let value = (n << 1) ^ (n >> 31);
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
  return out;
}

function readZigzagVarint(buffer: Buffer, start: number): { value: number; length: number } {
  let result = 0;
  let shift = 0;
  let offset = start;
  for (;;) {
    if (offset >= buffer.length || shift > 28) throw errors.badRequest('Malformed Protobuf message indexes in the wire-format header.');
    const byte = buffer[offset++];
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) break;
    shift += 7;
  }
  return { value: (result >>> 1) ^ -(result & 1), length: offset - start };
}
