import { errors } from '../core/errors.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import type { BundleProposal } from '../core/governance/change-request.ts';
import { readBundle } from './dry-run.ts';

const MAX_TITLE = 200;
const MAX_TEXT = 10_000;

export interface ChangeRequestFields {
  title: string;
  description: string;
  reference: string;
}

function objectBody(body: unknown, example: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest(`The request body must be a JSON object, e.g. ${example}.`);
  return body as Record<string, unknown>;
}

function text(raw: Record<string, unknown>, field: string, options: { required: boolean; max: number }): string {
  const value = raw[field];
  if (value === undefined || value === null) {
    if (options.required) throw errors.invalidChangeRequest(`"${field}" is required`);
    return '';
  }
  if (typeof value !== 'string') throw errors.invalidChangeRequest(`"${field}" must be a string, got ${typeof value}`);
  if (options.required && value.trim() === '') throw errors.invalidChangeRequest(`"${field}" must not be empty`);
  if (value.length > options.max) throw errors.invalidChangeRequest(`"${field}" is longer than ${options.max} characters`);
  return value;
}

/** POST /governance/change-requests: title, description, reference. */
export function readChangeRequestFields(body: unknown): ChangeRequestFields {
  const raw = objectBody(body, '{"title": "…", "reference": "https://…/pull/12", "schemas": […]}');
  return {
    title: text(raw, 'title', { required: true, max: MAX_TITLE }),
    description: text(raw, 'description', { required: false, max: MAX_TEXT }),
    reference: text(raw, 'reference', { required: true, max: 2_000 }),
  };
}

/**
 * The bundle of a create or edit (its samples split off by the engine):
 * schemas (each must parse, references resolved against the bundle and the
 * registry), the records per subject, and the subjects whose incompatible
 * change is an intended new major.
 */
export async function readProposal(ctx: RegistryContext, body: unknown, sampleCounts: Record<string, number>): Promise<BundleProposal> {
  const raw = objectBody(body, '{"schemas": [{"subject", "schemaType", "schema"}], "samples"?: {…}, "majorChanges"?: ["subject"]}');
  const entries = readBundle(ctx, raw, sampleCounts);
  const subjects = new Set(entries.map((e) => e.subject));
  let majorChanges: string[] = [];
  if (raw.majorChanges !== undefined) {
    const list = raw.majorChanges;
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) throw errors.invalidChangeRequest('"majorChanges" must be an array of subject names');
    const stray = (list as string[]).find((s) => !subjects.has(s));
    if (stray !== undefined) throw errors.invalidChangeRequest(`"majorChanges" names '${stray}', which has no schema in the bundle`);
    majorChanges = [...new Set(list as string[])];
  }
  const nextVersions: Record<string, number> = {};
  for (const subject of subjects) nextVersions[subject] = (await ctx.store.getVersions(subject)).reduce((m, v) => Math.max(m, v.version), 0) + 1;
  const bundle = await ctx.catalog.run('bundle', { ns: ctx.catalog.ns, entries, nextVersions });
  const broken = bundle.entries.find((e) => e.error !== undefined);
  if (broken) throw errors.invalidSchema(`${broken.error} (subject '${broken.entry.subject}')`);
  return { schemas: entries, sampleCounts, majorChanges, bundleSha: bundle.sha! };
}

/** Reviewer notes and the like: a string, possibly required. */
export function readNotes(body: unknown, options: { required: boolean }): string {
  if (body === undefined || body === null || body === '') {
    if (options.required) throw errors.invalidChangeRequest('"notes" is required');
    return '';
  }
  const raw = objectBody(body, '{"notes": "…"}');
  return text(raw, 'notes', { required: options.required, max: MAX_TEXT });
}

export function readApproval(body: unknown): { role: string; notes: string } {
  const raw = objectBody(body, '{"role": "data-platform", "notes": "…"}');
  return { role: text(raw, 'role', { required: true, max: 100 }), notes: text(raw, 'notes', { required: true, max: MAX_TEXT }) };
}
