import { errorOf, HttpTransport } from '../../client/http-transport.ts';
import { CliError, EXIT, registryFrom, report, type RegistryOptions } from '../cli-context.ts';
import { Progress } from '../progress.ts';
import { registryErrorInCliTerms } from '../registry-errors.ts';
import { readExport } from './export-files.ts';
import { compareSnapshots, configChanges, modeChanges, planImport, type ImportPlan } from './import-plan.ts';
import { KNOWN_CONFIG_FIELDS, readRegistry, sameSchema, type ConfigRecord, type Snapshot, type VersionRecord } from './registry-snapshot.ts';

export interface ImportOptions extends RegistryOptions {
  from?: string;
  fromDir?: string;
  fromUser?: string;
  subjectPrefix?: string;
  check?: boolean;
  force?: boolean;
}

export interface ImportSummary {
  source: string;
  target: string;
  subjects: number;
  versions: { copied: number; alreadyPresent: number; softDeleted: number };
  configs: { set: number; unchanged: number };
  modes: { set: number; unchanged: number };
  /** What an earlier, interrupted import had left in IMPORT mode. */
  resumed: string[];
  /** Source config fields schemagate has no setting for (not copied). */
  droppedConfigFields: string[];
  elapsedMs: number;
}

const p = (subject: string) => encodeURIComponent(subject);

/**
 * `schemagate import`: makes the target (--registry) hold what the source
 * holds — subjects, every version with its id and number (soft-deleted
 * ones too), references, configs, modes — through Confluent's IMPORT mode.
 * Everything is read and compared first: a version the target holds
 * differently stops the import before anything is written (exit 2), one it
 * holds identically is skipped, so a second run, or one after an
 * interruption, does only what is left. `--check` writes nothing and lists
 * the differences (exit 2; 1 when the target only has more).
 */
export async function importCommand(options: ImportOptions): Promise<number> {
  if (Boolean(options.from) === Boolean(options.fromDir)) throw new CliError('name the source: --from <url> (a registry) or --from-dir <dir> (a schemagate export)');
  const target = registryFrom(options);
  const started = Date.now();
  const progress = new Progress(!options.json && process.stderr.isTTY === true);
  const reading = (what: string) => (done: number, total: number) => progress.update(`reading the ${what}: ${done}/${total} subjects`);
  const prefix = options.subjectPrefix || undefined;
  const sourceHttp = options.from ? sourceTransport(options.from, options.fromUser) : undefined;
  const source = sourceHttp ? await readRegistry(sourceHttp, { prefix, role: 'source', onSubject: reading('source') }) : readExport(options.fromDir!, prefix);
  const held = await readRegistry(target, { prefix, role: 'target', onSubject: reading('target') });
  progress.done();
  const sourceName = sourceHttp?.baseUrl ?? options.fromDir!;
  if (options.check) return checkReport(options, source, held, sourceName, target.baseUrl);

  const plan = planImport(source, held);
  const targetSubjects = (await target.json('GET', '/subjects?deleted=true')) as string[];
  if (plan.register.length > 0 && targetSubjects.length > 0) plan.conflicts.push(...(await idConflicts(target, plan, held)));
  if (plan.conflicts.length > 0) {
    throw new CliError(`nothing imported: the target holds versions or ids the source has differently:\n  ${plan.conflicts.join('\n  ')}`);
  }
  const sourceNames = new Set(source.subjects.map((s) => s.subject));
  const foreign = targetSubjects.filter((s) => !sourceNames.has(s));
  if ((plan.register.length > 0 || plan.softDelete.length > 0) && foreign.length > 0 && !options.force) {
    throw new CliError(
      `nothing imported: the target already holds ${foreign.length} subject(s) the source does not have (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}). ` +
        'Check --registry names the registry you mean; pass --force to import into a registry in use (an id it holds differently is still refused).',
    );
  }
  await refuseStrictSubjects(target, [...new Set([...plan.register, ...plan.softDelete].map((v) => v.subject))]);
  if (plan.leftInImport.length > 0 && !options.json) {
    process.stderr.write(`resuming: an earlier import stopped half-way and left ${plan.leftInImport.join(', ')} in IMPORT mode; the source's modes are set at the end\n`);
  }

  const summary: ImportSummary = {
    source: sourceName,
    target: target.baseUrl,
    subjects: source.subjects.length,
    versions: { copied: 0, alreadyPresent: plan.present, softDeleted: 0 },
    configs: { set: 0, unchanged: 0 },
    modes: { set: 0, unchanged: 0 },
    resumed: plan.leftInImport,
    droppedConfigFields: plan.droppedConfigFields,
    elapsedMs: 0,
  };
  const write = writer(target, plan);
  // Each subject written to is put in IMPORT mode on its own, not the whole target: the target's other subjects stay writable.
  const ownModes = new Map(held.subjects.map((s) => [s.subject, s.mode]));
  const enterImport = async (subject: string) => {
    if (ownModes.get(subject) === 'IMPORT') return;
    // force: a subject resumed half-way already has live versions; the plan has checked them.
    await write(`putting subject '${subject}' in IMPORT mode`, 'PUT', `/mode/${p(subject)}?force=true`, { mode: 'IMPORT' });
    ownModes.set(subject, 'IMPORT');
  };
  const steps = plan.register.length + plan.softDelete.length;
  for (const v of plan.register) {
    await enterImport(v.subject);
    const body = { schema: v.schema, schemaType: v.schemaType, ...(v.references.length > 0 && { references: v.references }), id: v.id, version: v.version };
    const answer = await write(describe(v), 'POST', `/subjects/${p(v.subject)}/versions`, body);
    if (answer?.id !== v.id || answer?.version !== v.version) {
      throw new CliError(`${describe(v)}: the target registered it as version ${answer?.version} with id ${answer?.id}; ${STOPPED}`);
    }
    summary.versions.copied++;
    progress.update(`importing: ${summary.versions.copied + summary.versions.softDeleted}/${steps} · ${v.subject} v${v.version}`);
  }
  for (const v of plan.softDelete) {
    await enterImport(v.subject);
    await write(`soft-deleting ${describe(v)}`, 'DELETE', `/subjects/${p(v.subject)}/versions/${v.version}`);
    summary.versions.softDeleted++;
    progress.update(`importing: ${summary.versions.copied + summary.versions.softDeleted}/${steps} · soft-deleting ${v.subject} v${v.version}`);
  }
  const configs = configChanges(source, held);
  for (const change of configs.changes) {
    const scope = change.subject === null ? '/config' : `/config/${p(change.subject)}`;
    const what = change.subject === null ? 'the global config' : `subject '${change.subject}' config`;
    if (change.config) await write(`setting ${what}`, 'PUT', scope, configBody(change.config));
    else await write(`removing ${what}`, 'DELETE', scope);
  }
  summary.configs = { set: configs.changes.length, unchanged: configs.unchanged };
  // Modes last: a READONLY one copied earlier would have refused the writes above.
  const modes = modeChanges(source, ownModes, held.mode);
  for (const change of modes.changes) {
    const scope = change.subject === null ? '/mode' : `/mode/${p(change.subject)}`;
    const what = change.subject === null ? 'the global mode' : `subject '${change.subject}' mode`;
    if (change.mode) await write(`setting ${what} to ${change.mode}`, 'PUT', `${scope}?force=true`, { mode: change.mode });
    else await write(`removing ${what}`, 'DELETE', scope);
  }
  summary.modes = { set: modes.changes.length, unchanged: modes.unchanged };
  progress.done();
  summary.elapsedMs = Date.now() - started;
  report(options, () => summaryLines(summary), () => summary);
  return summary.droppedConfigFields.length > 0 ? EXIT.warnings : EXIT.ok;
}

const STOPPED = 'the import stopped here: subjects it was writing stay in IMPORT mode until the same import, run again, finishes';

const describe = (v: VersionRecord) => `subject '${v.subject}' version ${v.version} (id ${v.id})`;

/** The source's credentials never come from the target's variables, nor (unless in the URL) from the command line. */
export function sourceTransport(url: string, fromUser: string | undefined, env: NodeJS.ProcessEnv = process.env): HttpTransport {
  const username = fromUser ?? env.SCHEMAGATE_FROM_USER;
  if (fromUser && env.SCHEMAGATE_FROM_PASSWORD === undefined) {
    throw new CliError('--from-user needs the password in SCHEMAGATE_FROM_PASSWORD (a password is never taken on the command line)');
  }
  const credentials = env.SCHEMAGATE_FROM_TOKEN ? { token: env.SCHEMAGATE_FROM_TOKEN } : username ? { username, password: env.SCHEMAGATE_FROM_PASSWORD ?? '' } : {};
  return new HttpTransport(url, { credentials, timeoutMs: 30_000, source: '--from' });
}

/** A write to the target; a refusal stops the import, saying what was being written. */
function writer(target: HttpTransport, plan: ImportPlan) {
  return async (what: string, method: string, path: string, body?: unknown): Promise<any> => {
    const answer = await target.request(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer.body;
    const left = plan.register.length + plan.softDelete.length > 0 ? `\n  ${STOPPED}` : '';
    throw new CliError(`target registry ${target.baseUrl}: ${what}: ${registryErrorInCliTerms(errorOf(answer))}${left}`);
  };
}

/** PUT /config takes `compatibility` where GET answers `compatibilityLevel`; fields schemagate does not keep are left out (and reported). */
function configBody(config: ConfigRecord): Record<string, unknown> {
  return Object.fromEntries(KNOWN_CONFIG_FIELDS.filter((f) => config[f] !== undefined && config[f] !== null).map((f) => [f === 'compatibilityLevel' ? 'compatibility' : f, config[f]]));
}

/** Ids the import would register that the target holds, outside the subjects read, with another schema. */
async function idConflicts(target: HttpTransport, plan: ImportPlan, held: Snapshot): Promise<string[]> {
  const known = new Set(held.subjects.flatMap((s) => s.versions.map((v) => v.id)));
  const conflicts: string[] = [];
  for (const v of plan.register) {
    if (known.has(v.id)) continue;
    known.add(v.id);
    const answer = await target.request('GET', `/schemas/ids/${v.id}`);
    if (answer.status !== 200) continue;
    const existing = { schema: String(answer.body.schema), schemaType: answer.body.schemaType ?? 'AVRO', references: answer.body.references ?? [] };
    if (!sameSchema(existing, v)) conflicts.push(`${describe(v)}: the target's id ${v.id} holds another schema`);
  }
  return conflicts;
}

/**
 * schemagate's governance, checked before anything is written: importing
 * into a strict subject is an admin's relaxation that leaves it unaudited,
 * and an unaudited subject takes no further version (40950), so the
 * import would stop after one version with the subject in IMPORT mode.
 * Another registry (no /governance) has nothing to check.
 */
async function refuseStrictSubjects(target: HttpTransport, subjects: string[]): Promise<void> {
  if (subjects.length === 0) return;
  const config = await target.request('GET', '/governance/config');
  // A new subject takes the global validation mode: under a strict one, every subject the import creates is strict.
  const global = config.status === 200 && config.body?.validationMode === 'strict';
  const strict: string[] = [];
  for (const subject of global ? [] : subjects) {
    const answer = await target.request('GET', `/governance/subjects/${p(subject)}`);
    if (answer.status === 200 && answer.body?.validationMode === 'strict') strict.push(subject);
  }
  if (!global && strict.length === 0) return;
  const which = global ? 'the target’s global validation mode is strict, so every subject is' : `${strict.length} subject(s) the import writes to are strict in the target (${strict.slice(0, 5).join(', ')}${strict.length > 5 ? ', …' : ''})`;
  throw new CliError(
    `nothing imported: ${which}. Importing into a strict subject leaves it unaudited, and an unaudited subject takes no further version (40950). ` +
      'Import into a registry in canary mode (the default), then take subjects to strict through change requests; or set these subjects to canary first (PUT /governance/subjects/{s}/mode, as an admin).',
  );
}

function summaryLines(s: ImportSummary): string[] {
  return [
    `imported ${s.source} into ${s.target} in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `  subjects  ${s.subjects}`,
    `  versions  ${s.versions.copied} copied, ${s.versions.alreadyPresent} already present, ${s.versions.softDeleted} soft-deleted as in the source`,
    `  configs   ${s.configs.set} set, ${s.configs.unchanged} unchanged`,
    `  modes     ${s.modes.set} set, ${s.modes.unchanged} unchanged`,
    ...(s.resumed.length > 0 ? [`  resumed   an earlier import had left ${s.resumed.join(', ')} in IMPORT mode`] : []),
    ...(s.droppedConfigFields.length > 0 ? [`! not copied (schemagate has no such setting): ${s.droppedConfigFields.join(', ')}`] : []),
  ];
}

/** `--check`: nothing written; exit 0 identical, 1 when the target only has more, 2 when something is missing or different. */
function checkReport(options: ImportOptions, source: Snapshot, held: Snapshot, sourceName: string, targetName: string): number {
  const differences = compareSnapshots(source, held);
  const failing = differences.filter((d) => d.kind !== 'extra').length;
  const versions = source.subjects.reduce((n, s) => n + s.versions.length, 0);
  const mark = { missing: '✗', different: '✗', extra: '+' } as const;
  report(
    options,
    () =>
      differences.length === 0
        ? [`✓ ${targetName} holds what ${sourceName} holds: ${source.subjects.length} subjects, ${versions} versions, their configs and modes`]
        : [...differences.map((d) => `${mark[d.kind]} ${d.message}`), `${failing} missing or different, ${differences.length - failing} only in the target`],
    () => ({ source: sourceName, target: targetName, identical: differences.length === 0, subjects: source.subjects.length, versions, differences }),
  );
  return failing > 0 ? EXIT.failure : differences.length > 0 ? EXIT.warnings : EXIT.ok;
}
