/** Domain vocabulary shared by every layer. */

export const SCHEMA_TYPES = ['AVRO', 'JSON', 'PROTOBUF'] as const;
export type SchemaType = (typeof SCHEMA_TYPES)[number];

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

export const COMPATIBILITY_POLICIES = ['STRICT', 'LENIENT'] as const;
export type CompatibilityPolicy = (typeof COMPATIBILITY_POLICIES)[number];

/** Confluent's registry modes (what writes are allowed), not schemagate's validation modes. */
export const REGISTRY_MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT'] as const;
export type RegistryMode = (typeof REGISTRY_MODES)[number];

/** What happens to an incompatible registration: recorded (`canary`) or refused (`strict`). */
export const VALIDATION_MODES = ['canary', 'strict'] as const;
export type ValidationMode = (typeof VALIDATION_MODES)[number];

/** A reference as a client sends it; `version: -1` means "latest", resolved at registration. */
export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export function isSchemaType(value: unknown): value is SchemaType {
  return typeof value === 'string' && (SCHEMA_TYPES as readonly string[]).includes(value);
}

export function parseCompatibilityLevel(value: unknown): CompatibilityLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return (COMPATIBILITY_LEVELS as readonly string[]).includes(upper) ? (upper as CompatibilityLevel) : undefined;
}

export function parseCompatibilityPolicy(value: unknown): CompatibilityPolicy | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return (COMPATIBILITY_POLICIES as readonly string[]).includes(upper) ? (upper as CompatibilityPolicy) : undefined;
}

export function parseRegistryMode(value: unknown): RegistryMode | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return (REGISTRY_MODES as readonly string[]).includes(upper) ? (upper as RegistryMode) : undefined;
}

export function parseValidationMode(value: unknown): ValidationMode | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return (VALIDATION_MODES as readonly string[]).includes(lower) ? (lower as ValidationMode) : undefined;
}
