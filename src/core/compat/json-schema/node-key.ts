import { canonicalJson } from '../../json/canonical-json.ts';
import type { JsonSchemaNode } from './json-schema-node.ts';

const keys = new WeakMap<JsonSchemaNode, string>();

/**
 * A node's identity as text (Confluent collapses duplicate branches of an
 * allOf/anyOf/oneOf by their canonical schema). References are not followed,
 * so recursive schemas have finite keys.
 */
export function nodeKey(node: JsonSchemaNode): string {
  let key = keys.get(node);
  if (key === undefined) {
    key = canonicalJson(plain(node));
    keys.set(node, key);
  }
  return key;
}

function plain(value: unknown): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (value instanceof Set) return [...value].sort();
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  if (node.kind === 'ref') return { $ref: node.ref };
  // A patternProperties pattern (see PropertyPattern): its text is its identity.
  if (typeof node.source === 'string' && typeof node.test === 'function') return node.source;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (v !== undefined && typeof v !== 'function') out[k] = plain(v);
  return out;
}
