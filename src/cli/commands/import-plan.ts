import {
  allVersions,
  KNOWN_CONFIG_FIELDS,
  sameConfig,
  sameSchema,
  versionKey,
  type ConfigRecord,
  type Snapshot,
  type SubjectRecord,
  type VersionRecord,
} from './registry-snapshot.ts';

/** What an import still has to do to make the target hold the source, decided before anything is written. */
export interface ImportPlan {
  /** Versions to register, every referenced version and every earlier version of its subject first. */
  register: VersionRecord[];
  /** Versions the source has soft-deleted and the target still serves (or will, once registered): referrers first. */
  softDelete: VersionRecord[];
  /** Versions the target already holds as the source does. */
  present: number;
  /** Why the target cannot take the source as it is; nothing is written when there is one. */
  conflicts: string[];
  /** Subjects the target has left in IMPORT mode while the source has not: an earlier import stopped half-way. */
  leftInImport: string[];
  /** Source config fields schemagate has no setting for, `<scope>: <field>`. */
  droppedConfigFields: string[];
}

/** The subject's versions keyed by number. */
const byVersion = (subject: SubjectRecord | undefined) => new Map((subject?.versions ?? []).map((v) => [v.version, v]));

/** Compares the source with the target's current state; ids of the target outside the snapshot are checked by the caller. */
export function planImport(source: Snapshot, target: Snapshot): ImportPlan {
  const targetSubjects = new Map(target.subjects.map((s) => [s.subject, s]));
  const plan: ImportPlan = { register: [], softDelete: [], present: 0, conflicts: [], leftInImport: [], droppedConfigFields: [] };
  const targetIds = new Map(allVersions(target).map((v) => [v.id, v]));
  const deleteKeys = new Set<string>();
  for (const version of dependencyOrder(allVersions(source))) {
    const held = byVersion(targetSubjects.get(version.subject)).get(version.version);
    const where = `subject '${version.subject}' version ${version.version} (source id ${version.id})`;
    if (!held) {
      const sameId = targetIds.get(version.id);
      if (sameId && !sameSchema(sameId, version)) {
        plan.conflicts.push(`${where}: the target's id ${version.id} holds another schema (subject '${sameId.subject}' version ${sameId.version})`);
      } else {
        plan.register.push(version);
        if (version.deleted) deleteKeys.add(versionKey(version.subject, version.version));
      }
      continue;
    }
    if (held.id !== version.id) plan.conflicts.push(`${where}: the target holds this version with id ${held.id}`);
    else if (!sameSchema(held, version)) plan.conflicts.push(`${where}: the target holds another schema under this version and id`);
    else if (held.deleted && !version.deleted) plan.conflicts.push(`${where}: soft-deleted in the target but live in the source (the API cannot undelete it)`);
    else {
      plan.present++;
      if (version.deleted && !held.deleted) deleteKeys.add(versionKey(version.subject, version.version));
    }
  }
  // Referrers first: a version a live referrer still uses cannot be soft-deleted.
  plan.softDelete = dependencyOrder(allVersions(source))
    .filter((v) => deleteKeys.has(versionKey(v.subject, v.version)))
    .reverse();
  for (const subject of source.subjects) {
    const held = targetSubjects.get(subject.subject);
    if (held?.mode === 'IMPORT' && subject.mode !== 'IMPORT') plan.leftInImport.push(subject.subject);
  }
  if (source.mode !== undefined && target.mode === 'IMPORT' && source.mode !== 'IMPORT') plan.leftInImport.push('(the global mode)');
  const scopes: Array<[string, ConfigRecord | undefined]> = [['global', source.config], ...source.subjects.map((s): [string, ConfigRecord | undefined] => [`subject '${s.subject}'`, s.config])];
  for (const [scope, config] of scopes) {
    for (const [field, value] of Object.entries(config ?? {})) {
      if (!KNOWN_CONFIG_FIELDS.includes(field) && value !== null && value !== undefined) plan.droppedConfigFields.push(`${scope}: ${field}`);
    }
  }
  return plan;
}

/** A config change to make: `config` undefined removes the subject's own (it then follows the global one). */
export interface ConfigChange {
  subject: string | null;
  config?: ConfigRecord;
}

export function configChanges(source: Snapshot, target: Snapshot): { changes: ConfigChange[]; unchanged: number } {
  const held = new Map(target.subjects.map((s) => [s.subject, s.config]));
  const changes: ConfigChange[] = [];
  let unchanged = 0;
  if (source.config) {
    if (sameConfig(source.config, target.config)) unchanged++;
    else changes.push({ subject: null, config: source.config });
  }
  for (const subject of source.subjects) {
    if (sameConfig(subject.config, held.get(subject.subject))) unchanged++;
    else changes.push({ subject: subject.subject, ...(subject.config && { config: subject.config }) });
  }
  return { changes, unchanged };
}

/** A mode change to make: `mode` undefined removes the subject's own. Subjects first, the global mode last. */
export interface ModeChange {
  subject: string | null;
  mode?: string;
}

/** `current`: each subject's own mode in the target now (those the import put in IMPORT say so). */
export function modeChanges(source: Snapshot, current: Map<string, string | undefined>, currentGlobal: string | undefined): { changes: ModeChange[]; unchanged: number } {
  const changes: ModeChange[] = [];
  let unchanged = 0;
  for (const subject of source.subjects) {
    if (subject.mode === current.get(subject.subject)) unchanged++;
    else changes.push({ subject: subject.subject, ...(subject.mode && { mode: subject.mode }) });
  }
  if (source.mode !== undefined) {
    if (source.mode === currentGlobal) unchanged++;
    else changes.push({ subject: null, mode: source.mode });
  }
  return { changes, unchanged };
}

/**
 * Versions in an order a registry accepts: each after the versions it
 * references and after the earlier versions of its subject, otherwise in
 * the order of their ids (the order the source registered them in, mostly).
 * Iterative, since one subject's versions form a chain as long as it is.
 */
export function dependencyOrder(versions: readonly VersionRecord[]): VersionRecord[] {
  const byKey = new Map(versions.map((v) => [versionKey(v.subject, v.version), v]));
  const bySubject = new Map<string, VersionRecord[]>();
  const previousOf = new Map<VersionRecord, VersionRecord>();
  for (const v of [...versions].sort((a, b) => a.version - b.version)) {
    const own = bySubject.get(v.subject) ?? [];
    if (own.length > 0) previousOf.set(v, own.at(-1)!);
    own.push(v);
    bySubject.set(v.subject, own);
  }
  const dependencies = (v: VersionRecord): VersionRecord[] => {
    const previous = previousOf.get(v);
    const referenced = v.references
      .map((r) => (r.version === -1 ? bySubject.get(r.subject)?.at(-1) : byKey.get(versionKey(r.subject, r.version))))
      .filter((r): r is VersionRecord => r !== undefined && r !== v);
    return previous ? [previous, ...referenced] : referenced;
  };
  const roots = [...versions].sort((a, b) => a.id - b.id || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version));
  const placed = new Set<VersionRecord>();
  const visiting = new Set<VersionRecord>();
  const order: VersionRecord[] = [];
  for (const root of roots) {
    const stack: Array<{ v: VersionRecord; deps: VersionRecord[]; next: number }> = [];
    const enter = (v: VersionRecord) => {
      visiting.add(v);
      stack.push({ v, deps: dependencies(v), next: 0 });
    };
    if (!placed.has(root)) enter(root);
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const dep = top.deps[top.next++];
      // A cycle (which registries refuse to create) is cut where it closes; the target will name it.
      if (dep && !placed.has(dep) && !visiting.has(dep)) enter(dep);
      else if (!dep) {
        stack.pop();
        visiting.delete(top.v);
        placed.add(top.v);
        order.push(top.v);
      }
    }
  }
  return order;
}

/** One way the target differs from the source (`import --check`). */
export interface Difference {
  /** missing: the source has it, the target not; different: both, unequal; extra: only the target. */
  kind: 'missing' | 'different' | 'extra';
  subject?: string;
  version?: number;
  message: string;
}

/** Everything `--check` compares: subjects, versions (id, type, schema, references, soft-deleted or not), configs, modes. */
export function compareSnapshots(source: Snapshot, target: Snapshot): Difference[] {
  const out: Difference[] = [];
  const describe = (c: ConfigRecord | undefined) => (c ? JSON.stringify(Object.fromEntries(KNOWN_CONFIG_FIELDS.filter((f) => c[f] !== undefined).map((f) => [f, c[f]]))) : 'none of its own');
  if (source.config && !sameConfig(source.config, target.config)) {
    out.push({ kind: 'different', message: `global config: source ${describe(source.config)}, target ${describe(target.config)}` });
  }
  if (source.mode !== undefined && source.mode !== target.mode) out.push({ kind: 'different', message: `global mode: source ${source.mode}, target ${target.mode ?? 'none'}` });
  const targetSubjects = new Map(target.subjects.map((s) => [s.subject, s]));
  for (const subject of source.subjects) {
    const held = targetSubjects.get(subject.subject);
    const name = subject.subject;
    if (!held) {
      out.push({ kind: 'missing', subject: name, message: `subject '${name}' (${subject.versions.length} versions) is missing` });
      continue;
    }
    const heldVersions = byVersion(held);
    for (const v of subject.versions) {
      const h = heldVersions.get(v.version);
      const where = `subject '${name}' version ${v.version}`;
      if (!h) out.push({ kind: 'missing', subject: name, version: v.version, message: `${where} (id ${v.id}) is missing` });
      else if (h.id !== v.id) out.push({ kind: 'different', subject: name, version: v.version, message: `${where}: source id ${v.id}, target id ${h.id}` });
      else if (!sameSchema(v, h)) out.push({ kind: 'different', subject: name, version: v.version, message: `${where} (id ${v.id}): the schema, its type or its references differ` });
      else if (v.deleted !== h.deleted) out.push({ kind: 'different', subject: name, version: v.version, message: `${where} (id ${v.id}): ${v.deleted ? 'soft-deleted in the source, live in the target' : 'live in the source, soft-deleted in the target'}` });
    }
    const sourceVersions = byVersion(subject);
    for (const h of held.versions) {
      if (!sourceVersions.has(h.version)) out.push({ kind: 'extra', subject: name, version: h.version, message: `subject '${name}' version ${h.version} (id ${h.id}) is only in the target` });
    }
    if (!sameConfig(subject.config, held.config)) out.push({ kind: 'different', subject: name, message: `subject '${name}' config: source ${describe(subject.config)}, target ${describe(held.config)}` });
    if (subject.mode !== held.mode) out.push({ kind: 'different', subject: name, message: `subject '${name}' mode: source ${subject.mode ?? 'none of its own'}, target ${held.mode ?? 'none of its own'}` });
  }
  const sourceNames = new Set(source.subjects.map((s) => s.subject));
  for (const held of target.subjects) {
    if (!sourceNames.has(held.subject)) out.push({ kind: 'extra', subject: held.subject, message: `subject '${held.subject}' is only in the target` });
  }
  return out;
}
