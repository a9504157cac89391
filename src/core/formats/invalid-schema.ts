import { errors, type RegistryError } from '../errors.ts';
import type { SchemaType } from '../types.ts';

/** The 42201 every format raises: what is wrong, and where when it is known. */
export function invalidSchema(type: SchemaType, reason: string, where?: string): RegistryError {
  return errors.invalidSchema(`Invalid schema of type ${type}${where ? ` at ${where}` : ''}: ${reason}`);
}

/** Schemas nested deeper than this are refused before any recursive code sees them. */
export const MAX_SCHEMA_DEPTH = 500;
