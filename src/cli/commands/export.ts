import { resolve } from 'node:path';
import { EXIT, registryFrom, report, type RegistryOptions } from '../cli-context.ts';
import { Progress } from '../progress.ts';
import { writeExport } from './export-files.ts';
import { readRegistry } from './registry-snapshot.ts';

export interface ExportOptions extends RegistryOptions {
  subjectPrefix?: string;
}

/**
 * `schemagate export <dir>`: what `import` copies, as files — every
 * subject version (soft-deleted ones too) with its id, type and
 * references, the configs and the modes — which `import --from-dir` reads
 * back into an identical registry. Only the REST API is used, so any
 * Confluent-compatible registry can be exported.
 */
export async function exportCommand(dir: string, options: ExportOptions): Promise<number> {
  const http = registryFrom(options);
  const started = Date.now();
  const progress = new Progress(!options.json && process.stderr.isTTY === true);
  const prefix = options.subjectPrefix || undefined;
  const snapshot = await readRegistry(http, { prefix, role: 'registry', onSubject: (done, total) => progress.update(`reading: ${done}/${total} subjects`) });
  progress.done();
  writeExport(dir, snapshot, { exportedFrom: http.baseUrl, ...(prefix && { subjectPrefix: prefix }) });
  const versions = snapshot.subjects.flatMap((s) => s.versions);
  const summary = {
    registry: http.baseUrl,
    dir: resolve(dir),
    subjects: snapshot.subjects.length,
    versions: versions.length,
    softDeleted: versions.filter((v) => v.deleted).length,
    subjectConfigs: snapshot.subjects.filter((s) => s.config).length,
    subjectModes: snapshot.subjects.filter((s) => s.mode).length,
    global: !prefix,
    elapsedMs: Date.now() - started,
  };
  report(
    options,
    () => [
      `exported ${summary.registry} to ${dir} in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${summary.subjects} subjects, ${summary.versions} versions (${summary.softDeleted} soft-deleted), ` +
        `${summary.subjectConfigs} subject configs, ${summary.subjectModes} subject modes${summary.global ? ', the global config and mode' : ''}`,
      `  re-create it with: schemagate import --from-dir ${dir} --registry <url>`,
    ],
    () => summary,
  );
  return EXIT.ok;
}
