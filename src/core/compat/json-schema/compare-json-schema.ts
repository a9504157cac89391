import type { JsonSchemaModel } from '../../formats/json-schema/json-schema-model.ts';
import type { CompatibilityPolicy } from '../../types.ts';
import type { CheckContext, Difference } from '../difference.ts';
import { DiffContext, DiffPass, samePairs, type JsonDiff } from './diff-context.ts';
import {
  dereference,
  isOpenArray,
  isOpenObject,
  schemaForExtraItems,
  schemaForUnlistedProperty,
  type ArrayNode,
  type CombinedNode,
  type JsonSchemaNode,
  type ObjectNode,
} from './json-schema-node.ts';
import { jsonSchemaCatalog } from './json-schema-rules.ts';
import type { Coverage } from './json-schema-rule.ts';
import { loadJsonSchemaNode } from './load-json-schema.ts';
import { maximumMatching } from './maximum-matching.ts';
import { nodeKey } from './node-key.ts';
import { criterionChanged } from './rules/combined-rules.ts';
import { unevaluatedNeedsComparison } from './rules/unevaluated-rules.ts';

/**
 * JSON Schema reader/writer check: Confluent's diff of the writer (old,
 * "original") to the reader (new, "update"), with its rules deciding what
 * each difference means.
 */
export function compareJsonSchema(reader: JsonSchemaModel, writer: JsonSchemaModel, context: CheckContext): Difference[] {
  return diffJsonSchemas(loadJsonSchemaNode(writer), loadJsonSchemaNode(reader), context.policy).map((d) => jsonSchemaCatalog.difference(d, context.policy));
}

/**
 * Recursion is cut optimistically (a pair met again on the stack counts as
 * compatible), which could hide an incompatibility found later in a sibling
 * branch; so the pass is repeated, seeded with the pairs found incompatible,
 * until nothing new is learned — as Confluent does.
 */
export function diffJsonSchemas(original: JsonSchemaNode, update: JsonSchemaNode, policy: CompatibilityPolicy): JsonDiff[] {
  let seed = new Map<JsonSchemaNode, Map<JsonSchemaNode, JsonDiff[]>>();
  for (;;) {
    const pass = new DiffPass(policy, seed);
    const ctx = new DiffContext(pass);
    compare(ctx, original, update);
    const incompatible = pass.incompatiblePairs();
    if (!pass.optimismUsed || samePairs(incompatible, seed)) return ctx.diffs;
    seed = incompatible;
  }
}

function compare(ctx: DiffContext, original: JsonSchemaNode | undefined, update: JsonSchemaNode | undefined): void {
  if (!original && !update) return;
  if (!original || !update) {
    ctx.emit('presence', { original, update });
    return;
  }
  const o = dereference(original);
  const u = dereference(update);
  ctx.addRebased(ctx.compareMemoized(o, u, (sub) => compareTypes(sub, o, u)));
}

/** Compares in a throwaway context; the caller decides what to keep. */
function trial(ctx: DiffContext, original: JsonSchemaNode | undefined, update: JsonSchemaNode | undefined): DiffContext {
  const sub = ctx.sub();
  compare(sub, original, update);
  return sub;
}

function compareTypes(ctx: DiffContext, o: JsonSchemaNode, u: JsonSchemaNode): void {
  // A plain schema against a combined one: it may match a branch.
  if (o.kind !== 'combined' && u.kind === 'combined') {
    if (u.subschemas.length === 1) {
      const sub = trial(ctx, o, u.subschemas[0]);
      if (sub.isCompatible()) return ctx.addAll(sub.diffs);
    } else if (u.criterion === 'anyOf' || u.criterion === 'oneOf') {
      for (const branch of u.subschemas) {
        const sub = trial(ctx, o, branch);
        if (sub.isCompatible()) {
          ctx.addAll(sub.diffs);
          return ctx.emit('combinedBranch', { via: 'update anyOf/oneOf' });
        }
      }
    }
  } else if (o.kind === 'combined' && u.kind !== 'combined') {
    if (o.subschemas.length === 1) {
      const sub = trial(ctx, o.subschemas[0], u);
      if (sub.isCompatible()) return ctx.addAll(sub.diffs);
    } else if (o.criterion === 'allOf') {
      for (const branch of o.subschemas) {
        const sub = trial(ctx, branch, u);
        if (sub.isCompatible()) {
          ctx.addAll(sub.diffs);
          return ctx.emit('combinedBranch', { via: 'original allOf' });
        }
      }
    }
  }

  if (o.kind !== u.kind) return ctx.emit('classes', { original: o, update: u });
  ctx.emit('common', { original: o, update: u });
  switch (o.kind) {
    case 'string':
      return ctx.emit('string', { original: o, update: u as typeof o });
    case 'number':
      return ctx.emit('number', { original: o, update: u as typeof o });
    case 'enum':
      return ctx.emit('enum', { original: o, update: u as typeof o });
    case 'const':
      return ctx.emit('const', { original: o, update: u as typeof o });
    case 'not':
      return compareNot(ctx, o.mustNotMatch, (u as typeof o).mustNotMatch);
    case 'combined':
      return compareCombined(ctx, o, u as CombinedNode);
    case 'object':
      return compareObject(ctx, o, u as ObjectNode);
    case 'array':
      return compareArray(ctx, o, u as ArrayNode);
    default:
      return;
  }
}

function compareNot(ctx: DiffContext, original: JsonSchemaNode, update: JsonSchemaNode): void {
  // Reversed: old `not X` → new `not Y` accepts every old value when X accepts what Y does.
  const reversed = ctx.at('not', () => trial(ctx, update, original));
  ctx.emit('not', { reversedCompatible: reversed.isCompatible() });
}

function compareCombined(ctx: DiffContext, o: CombinedNode, u: CombinedNode): void {
  const originals = distinct(o.subschemas);
  const updates = distinct(u.subschemas);
  if (criterionChanged(o, u)) {
    return ctx.emit('combined', { original: o, update: u, originalSize: originals.length, updateSize: updates.length, matched: Math.min(originals.length, updates.length) });
  }
  const edges: Array<[number, number]> = [];
  const found = new Map<string, JsonDiff[]>();
  originals.forEach((branch, i) =>
    ctx.at(`${o.criterion}/${i}`, () => {
      updates.forEach((candidate, j) => {
        const sub = trial(ctx, branch, candidate);
        if (sub.isCompatible()) {
          edges.push([i, j]);
          found.set(`${i}:${j}`, sub.diffs);
        }
      });
    }),
  );
  const matching = maximumMatching(originals.length, updates.length, edges);
  for (const [i, j] of matching) ctx.addAll(found.get(`${i}:${j}`)!);
  ctx.emit('combined', { original: o, update: u, originalSize: originals.length, updateSize: updates.length, matched: matching.length });
}

/** Duplicate branches collapse, as Confluent collects them into a set. */
function distinct(nodes: JsonSchemaNode[]): JsonSchemaNode[] {
  const seen = new Set<string>();
  return nodes.filter((node) => {
    const key = nodeKey(node);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function coverageOf(ctx: DiffContext, originalSchema: JsonSchemaNode, open: boolean, partial: JsonSchemaNode | undefined): Coverage {
  if (open) return { model: 'open' };
  if (!partial) return { model: 'closed' };
  const sub = trial(ctx, originalSchema, partial);
  ctx.addAll(sub.diffs);
  return { model: 'partial', compatible: sub.isCompatible() };
}

function partialFor(ctx: DiffContext, partial: JsonSchemaNode | undefined, updateSchema: JsonSchemaNode): { compatible: boolean } | undefined {
  if (!partial) return undefined;
  const sub = trial(ctx, partial, updateSchema);
  ctx.addAll(sub.diffs);
  return { compatible: sub.isCompatible() };
}

function compareObject(ctx: DiffContext, o: ObjectNode, u: ObjectNode): void {
  ctx.at('required', () => {
    for (const name of o.properties.keys()) {
      const updated = u.properties.get(name);
      if (!updated) continue;
      ctx.at(name, () =>
        ctx.emit('required', { name, wasRequired: o.required.includes(name), isRequired: u.required.includes(name), hasDefault: updated.hasDefault }),
      );
    }
  });
  ctx.at('properties', () => {
    for (const name of new Set([...o.properties.keys(), ...u.properties.keys()])) {
      const os = o.properties.get(name);
      const us = u.properties.get(name);
      ctx.at(name, () => {
        if (os && us) return compare(ctx, os, us);
        if (os) {
          // Only the update's content model decides whether old objects holding the property still validate.
          return ctx.emit('removedProperty', { originalSchema: os, coverage: coverageOf(ctx, os, isOpenObject(u), schemaForUnlistedProperty(u, name)) });
        }
        const originalOpen = isOpenObject(o);
        ctx.emit('addedProperty', {
          updateSchema: us!,
          originalOpen,
          partial: originalOpen ? undefined : partialFor(ctx, schemaForUnlistedProperty(o, name), us!),
          required: u.required.includes(name),
          hasDefault: us!.hasDefault,
        });
      });
    }
  });
  ctx.at('dependencies', () => {
    for (const name of new Set([...o.propertyDependencies.keys(), ...u.propertyDependencies.keys()])) {
      ctx.at(name, () => ctx.emit('dependencyArray', { original: o.propertyDependencies.get(name), update: u.propertyDependencies.get(name) }));
    }
    for (const name of new Set([...o.schemaDependencies.keys(), ...u.schemaDependencies.keys()])) {
      const os = o.schemaDependencies.get(name);
      const us = u.schemaDependencies.get(name);
      ctx.at(name, () => (os && us ? compare(ctx, os, us) : ctx.emit('dependencySchema', { original: os, update: us })));
    }
  });
  if (o.additionalProperties === u.additionalProperties && o.additionalPropertiesSchema && u.additionalPropertiesSchema) {
    ctx.at('additionalProperties', () => compare(ctx, o.additionalPropertiesSchema, u.additionalPropertiesSchema));
  }
  if (o.unevaluatedProperties || u.unevaluatedProperties) {
    ctx.at('unevaluatedProperties', () => {
      ctx.emit('unevaluatedProperties', { original: o.unevaluatedProperties, update: u.unevaluatedProperties });
      if (unevaluatedNeedsComparison(o.unevaluatedProperties, u.unevaluatedProperties)) compare(ctx, o.unevaluatedProperties, u.unevaluatedProperties);
    });
  }
  ctx.emit('object', { original: o, update: u });
}

function compareArray(ctx: DiffContext, o: ArrayNode, u: ArrayNode): void {
  ctx.at('items', () => compare(ctx, o.allItems, u.allItems));
  const originals = o.itemSchemas ?? [];
  const updates = u.itemSchemas ?? [];
  const common = Math.min(originals.length, updates.length);
  for (let i = 0; i < Math.max(originals.length, updates.length); i++) {
    ctx.at(`items/${i}`, () => {
      if (i < common) return compare(ctx, originals[i], updates[i]);
      if (i < originals.length) {
        return ctx.emit('removedItem', { originalSchema: originals[i], coverage: coverageOf(ctx, originals[i], isOpenArray(u), schemaForExtraItems(u)) });
      }
      const originalOpen = isOpenArray(o);
      ctx.emit('addedItem', { updateSchema: updates[i], originalOpen, partial: originalOpen ? undefined : partialFor(ctx, schemaForExtraItems(o), updates[i]) });
    });
  }
  if (o.additionalItems === u.additionalItems && o.additionalItemsSchema && u.additionalItemsSchema) {
    ctx.at('additionalItems', () => compare(ctx, o.additionalItemsSchema, u.additionalItemsSchema));
  }
  if (o.unevaluatedItems || u.unevaluatedItems) {
    ctx.at('unevaluatedItems', () => {
      ctx.emit('unevaluatedItems', { original: o.unevaluatedItems, update: u.unevaluatedItems });
      if (unevaluatedNeedsComparison(o.unevaluatedItems, u.unevaluatedItems)) compare(ctx, o.unevaluatedItems, u.unevaluatedItems);
    });
  }
  ctx.emit('array', { original: o, update: u });
}
