import type { Store, SubjectSnapshot } from './store.ts';

/** The single-purpose reads a snapshot is composed of. */
export type SnapshotReads = Pick<
  Store,
  'getVersions' | 'getSchema' | 'getReferrers' | 'getSubjectGovernance' | 'getChangeRequest' | 'getConfig' | 'getMode' | 'getCompatIds' | 'getGovernanceSettings'
>;

/**
 * A subject's snapshot from the store's single-purpose reads. A store that
 * can read it in one round trip answers `loadSubject` itself; this is the
 * reference every store's answer is held to in the contract suite.
 */
export async function composeSnapshot(store: SnapshotReads, subject: string): Promise<SubjectSnapshot> {
  const versions = await store.getVersions(subject);
  const withSchemas = await Promise.all(
    versions.map(async (v) => ({
      ...v,
      fingerprint: (await store.getSchema(v.schemaId))?.fingerprint ?? '',
      referenced: v.deleted && (await store.getReferrers(subject, v.version)).length > 0,
    })),
  );
  const governance = await store.getSubjectGovernance(subject);
  const changeRequest = governance?.changeRequestId !== undefined ? await store.getChangeRequest(governance.changeRequestId) : undefined;
  const [own, global, ownMode, globalMode] = [await store.getConfig(subject), await store.getConfig(null), await store.getMode(subject), await store.getMode(null)];
  return {
    subject,
    versions: withSchemas,
    config: { ...(own && { subject: own }), ...(global && { global }) },
    mode: { ...(ownMode && { subject: ownMode }), ...(globalMode && { global: globalMode }) },
    compatIds: await store.getCompatIds(subject),
    ...(governance && { governance }),
    governanceSettings: await store.getGovernanceSettings(),
    ...(changeRequest && { changeRequest: { id: changeRequest.id, state: changeRequest.state } }),
  };
}
