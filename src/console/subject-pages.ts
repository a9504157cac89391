import type { RegistryServices } from '../compose-registry.ts';
import { readSubjectModes } from '../governance/subject-modes.ts';
import { configOf } from '../registry/subject-state.ts';

const MAX_PAGE = 500;

/**
 * A page of the subject list, filtered by a case-insensitive substring,
 * each row with its compatibility level, policy and latest version (read
 * for the page only).
 */
export async function subjectPage(services: RegistryServices, query: { q?: string; offset: number; limit: number }) {
  const needle = query.q?.trim().toLowerCase() ?? '';
  const { rows: all } = await readSubjectModes(services.ctx);
  const matching = needle === '' ? all : all.filter((r) => r.subject.toLowerCase().includes(needle));
  const limit = query.limit < 0 ? 100 : Math.min(query.limit, MAX_PAGE);
  const page = matching.slice(Math.max(0, query.offset), Math.max(0, query.offset) + limit);
  const { store, settings } = services.registry.ctx;
  const subjects = [];
  for (const row of page) {
    const snapshot = await store.loadSubject(row.subject);
    const config = configOf(snapshot, settings);
    const live = snapshot.versions.filter((v) => !v.deleted);
    subjects.push({ ...row, compatibilityLevel: config.compatibilityLevel, compatibilityPolicy: config.compatibilityPolicy, latestVersion: live.at(-1)?.version ?? null, versions: live.length });
  }
  return { total: matching.length, offset: query.offset, limit, subjects };
}

/** A subject's page: status, versions, compat-id timeline, recent reports, and failures per day. */
export async function subjectDetail(services: RegistryServices, subject: string) {
  const { governance, registry } = services;
  const status = await governance.subjectStatus(subject);
  const versions = (await registry.store.getVersions(subject)).map((v) => ({ version: v.version, id: v.schemaId, deleted: v.deleted, createdAt: v.createdAt }));
  const compatIds = await governance.compatIds(subject).catch(() => ({ changelog: [] as unknown[] }));
  const reports = await governance.reports(subject, { offset: 0, limit: 20 });
  return { status, versions, compatIds: compatIds.changelog, reports: reports.reports, reportsTotal: reports.total, failuresByDay: await registry.store.failuresByDay({ subjects: [subject] }) };
}
