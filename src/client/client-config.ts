import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseValidationMode, type ValidationMode } from '../core/types.ts';
import type { Credentials } from './http-transport.ts';

export interface ResolvedClientConfig {
  /** Undefined: keep the registry in memory. */
  url?: string;
  /** Where the URL came from, for messages. */
  urlSource?: string;
  validationMode: ValidationMode;
  credentials: Credentials;
}

/**
 * Where the client and the CLI find their registry, as the QMTL runbook
 * names it: `connectors.schema_registry_url` in qmtl.yml (the file named by
 * QMTL_CONFIG_FILE, else ./qmtl.yml), else QMTL_SCHEMA_REGISTRY_URL, else
 * none (in memory). Validation mode: the caller's, else
 * QMTL_SCHEMA_VALIDATION_MODE, else canary. Credentials come only from the
 * environment (SCHEMAGATE_USER and SCHEMAGATE_PASSWORD, or SCHEMAGATE_TOKEN),
 * never from a file in the repository.
 */
export function resolveClientConfig(
  options: { url?: string; validationMode?: ValidationMode; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): ResolvedClientConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let url = options.url;
  let urlSource = url ? 'option' : undefined;
  if (!url) {
    const file = env.QMTL_CONFIG_FILE ? resolve(cwd, env.QMTL_CONFIG_FILE) : resolve(cwd, 'qmtl.yml');
    const fromFile = readQmtlUrl(file, Boolean(env.QMTL_CONFIG_FILE));
    if (fromFile) {
      url = fromFile;
      urlSource = `connectors.schema_registry_url in ${file}`;
    } else if (env.QMTL_SCHEMA_REGISTRY_URL) {
      url = env.QMTL_SCHEMA_REGISTRY_URL;
      urlSource = 'QMTL_SCHEMA_REGISTRY_URL';
    }
  }
  let validationMode = options.validationMode;
  if (!validationMode && env.QMTL_SCHEMA_VALIDATION_MODE !== undefined) {
    validationMode = parseValidationMode(env.QMTL_SCHEMA_VALIDATION_MODE);
    if (!validationMode) throw new Error(`QMTL_SCHEMA_VALIDATION_MODE: unknown validation mode ${JSON.stringify(env.QMTL_SCHEMA_VALIDATION_MODE)}; use canary or strict`);
  }
  const credentials: Credentials = {};
  if (env.SCHEMAGATE_TOKEN) credentials.token = env.SCHEMAGATE_TOKEN;
  if (env.SCHEMAGATE_USER) {
    credentials.username = env.SCHEMAGATE_USER;
    credentials.password = env.SCHEMAGATE_PASSWORD ?? '';
  }
  return { ...(url && { url, urlSource }), validationMode: validationMode ?? 'canary', credentials };
}

function readQmtlUrl(file: string, named: boolean): string | undefined {
  if (!existsSync(file)) {
    if (named) throw new Error(`QMTL_CONFIG_FILE names ${file}, which does not exist`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid YAML: ${(err as Error).message}`);
  }
  const connectors = (parsed as { connectors?: Record<string, unknown> } | null)?.connectors;
  const url = connectors?.schema_registry_url;
  if (url === undefined || url === null || url === '') return undefined;
  if (typeof url !== 'string') throw new Error(`connectors.schema_registry_url in ${file} must be a URL string`);
  return url;
}
