import { errors } from '../core/errors.ts';
import type { Actor } from '../core/governance/roles.ts';
import { guardRelaxation } from './subject-guard.ts';
import type { SubjectVersion } from '../store/store.ts';
import { effectiveMode, type RegistryContext } from './registry-context.ts';
import { parseVersionId } from './version-id.ts';

async function refuseWhenReadOnly(ctx: RegistryContext, subject: string): Promise<void> {
  const mode = await effectiveMode(ctx, subject);
  if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') {
    throw errors.operationNotPermitted(`Subject '${subject}' is in read-only mode (${mode}); deletes are refused until PUT /mode sets READWRITE`);
  }
}

/** Referrers that keep a version alive: live ones for a soft delete, any for a permanent one. */
async function blockingReferrers(ctx: RegistryContext, subject: string, version: number, permanent: boolean, ignoreSubject?: string) {
  return (await ctx.store.getReferrers(subject, version)).filter(
    (r) => (permanent || !r.deleted) && r.subject !== ignoreSubject,
  );
}

/** After a subject's last version is gone for good, its settings go too (Confluent). */
async function dropSettingsIfEmpty(ctx: RegistryContext, subject: string): Promise<void> {
  if ((await ctx.store.getVersions(subject)).length > 0) return;
  await ctx.store.deleteConfig(subject);
  await ctx.store.deleteMode(subject);
}

/** Whether a delete may go ahead on a governed subject, and what it leaves behind (see subject-guard). */
function guardDelete(ctx: RegistryContext, subject: string, what: string, actor: Actor) {
  return guardRelaxation(ctx.store, subject, { kind: 'delete', what }, actor, { fallback: ctx.settings.validationMode, now: ctx.clock.now() });
}

/** DELETE /subjects/{subject}/versions/{version}[?permanent=true]. */
export async function deleteVersion(ctx: RegistryContext, subject: string, versionRaw: string, permanent: boolean, actor: Actor): Promise<number> {
  const versionId = parseVersionId(versionRaw);
  return ctx.store.locked([subject], (store) => deleteVersionLocked({ ...ctx, store }, subject, versionId, permanent, actor));
}

async function deleteVersionLocked(ctx: RegistryContext, subject: string, versionId: number | 'latest', permanent: boolean, actor: Actor): Promise<number> {
  const versions = await ctx.store.getVersions(subject);
  if (versions.length === 0) throw errors.subjectNotFound(subject);
  const target: SubjectVersion | undefined =
    versionId === 'latest' ? versions.filter((v) => !v.deleted).at(-1) : versions.find((v) => v.version === versionId);
  if (!target) throw errors.versionNotFound(versionId);
  if (!permanent && target.deleted) throw errors.versionSoftDeleted(subject, target.version);
  if (permanent && !target.deleted) throw errors.versionNotSoftDeleted(subject, target.version);
  await refuseWhenReadOnly(ctx, subject);
  const recordDelete = await guardDelete(ctx, subject, `${permanent ? 'permanently deleting' : 'soft-deleting'} version ${target.version}`, actor);
  if ((await blockingReferrers(ctx, subject, target.version, permanent)).length > 0) throw errors.referenceExists(subject, target.version);
  if (permanent) {
    await ctx.store.hardDeleteVersions(subject, [target.version]);
    await dropSettingsIfEmpty(ctx, subject);
    ctx.forgetSchemas([target.schemaId]);
  } else {
    await ctx.store.softDeleteVersions(subject, [target.version]);
  }
  await recordDelete();
  return target.version;
}

/** DELETE /subjects/{subject}[?permanent=true]: the versions deleted. */
export async function deleteSubject(ctx: RegistryContext, subject: string, permanent: boolean, actor: Actor): Promise<number[]> {
  return ctx.store.locked([subject], (store) => deleteSubjectLocked({ ...ctx, store }, subject, permanent, actor));
}

async function deleteSubjectLocked(ctx: RegistryContext, subject: string, permanent: boolean, actor: Actor): Promise<number[]> {
  const versions = await ctx.store.getVersions(subject);
  if (versions.length === 0) throw errors.subjectNotFound(subject);
  const live = versions.filter((v) => !v.deleted);
  if (!permanent && live.length === 0) throw errors.subjectSoftDeleted(subject);
  await refuseWhenReadOnly(ctx, subject);
  if (permanent && live.length > 0) throw errors.subjectNotSoftDeleted(subject);
  const targets = permanent ? versions : live;
  const recordDelete = await guardDelete(ctx, subject, `${permanent ? 'permanently deleting' : 'soft-deleting'} the subject`, actor);
  for (const v of targets) {
    // A subject may reference its own versions; only other subjects keep it alive.
    if ((await blockingReferrers(ctx, subject, v.version, permanent, subject)).length > 0) throw errors.referenceExists(subject, v.version);
  }
  const numbers = targets.map((v) => v.version);
  if (permanent) {
    await ctx.store.hardDeleteVersions(subject, numbers);
    await dropSettingsIfEmpty(ctx, subject);
    ctx.forgetSchemas(targets.map((v) => v.schemaId));
  } else {
    await ctx.store.softDeleteVersions(subject, numbers);
  }
  await recordDelete();
  return numbers;
}
