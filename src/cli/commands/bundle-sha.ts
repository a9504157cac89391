import { CliError, optionalRegistry, report, type RegistryOptions } from '../cli-context.ts';
import { parseLocalBundle } from '../local-bundle.ts';
import { displayPath, readSchemaFiles } from '../schema-files.ts';

/**
 * `schemagate bundle-sha`: the bundle SHA of schema files, the same the
 * registry computes for the same bundle (a dry-run or a change request).
 * References to subjects outside the files are resolved through the registry
 * when one is configured.
 */
export async function bundleShaCommand(paths: string[], options: RegistryOptions & { mapping?: string }): Promise<number> {
  const files = readSchemaFiles(paths, options.mapping);
  const bundle = await parseLocalBundle(files, optionalRegistry(options));
  const broken = bundle.entries.find((e) => e.error);
  if (!bundle.sha || broken) throw new CliError(`${displayPath(files[bundle.entries.indexOf(broken!)].path)} (subject '${broken!.entry.subject}'): ${broken!.error}`);
  report(
    options,
    () => [bundle.sha!],
    () => ({ bundleSha: bundle.sha, subjects: files.map((f) => ({ subject: f.subject, schemaType: f.schemaType, file: displayPath(f.path) })) }),
  );
  return 0;
}
