import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseValidationMode, type ValidationMode } from '../core/types.ts';
import { SchemaRegistryConfigError } from './client-errors.ts';
import type { Credentials } from './http-transport.ts';
import { checkRegistryUrl } from './registry-url.ts';

export interface ResolvedClientConfig {
  /** Undefined: keep the registry in memory. */
  url?: string;
  /** Where the URL came from, for messages: `option` (or the caller's name for it), `connectors.schema_registry_url in <file>`, `QMTL_SCHEMA_REGISTRY_URL`. */
  urlSource?: string;
  validationMode: ValidationMode;
  /** Where the mode came from: `option` (or the caller's name for it), `QMTL_SCHEMA_VALIDATION_MODE`, `validation_mode in <file>`, `default`. */
  validationModeSource: string;
  credentials: Credentials;
}

export interface ClientConfigOptions {
  url?: string;
  validationMode?: ValidationMode;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** What the caller calls its own options, for sources and messages (the CLI: `--registry`, `--mode`); default `option`. */
  optionNames?: { url?: string; validationMode?: string };
}

/** The qmtl.yml key for the validation mode: top level, see resolveClientConfig. */
export const VALIDATION_MODE_KEY = 'validation_mode';

/**
 * Where the client and the CLI find their registry, as the QMTL runbook
 * names it. URL: the caller's, else `connectors.schema_registry_url` in
 * qmtl.yml (the file named by QMTL_CONFIG_FILE, else ./qmtl.yml), else
 * QMTL_SCHEMA_REGISTRY_URL (QMTL's legacy fallback, hence after the file),
 * else none (in memory). Validation mode: the caller's, else
 * QMTL_SCHEMA_VALIDATION_MODE, else top-level `validation_mode` in qmtl.yml,
 * else canary; the variable beats the file because it is the one QMTL
 * documents, and a per-run override must not need an edited file.
 * Credentials come only from the environment (SCHEMAGATE_USER and
 * SCHEMAGATE_PASSWORD, or SCHEMAGATE_TOKEN), never from a file in the
 * repository. A setting that is overridden is not read; one that is read
 * and cannot work throws SchemaRegistryConfigError naming it.
 */
export function resolveClientConfig(options: ClientConfigOptions = {}): ResolvedClientConfig {
  const env = options.env ?? process.env;
  const names = { url: options.optionNames?.url ?? 'option', validationMode: options.optionNames?.validationMode ?? 'option' };
  const qmtl = lazyQmtlFile(env, options.cwd ?? process.cwd());

  let url: string | undefined;
  let urlSource: string | undefined;
  if (options.url !== undefined && options.url.trim() !== '') {
    [url, urlSource] = [options.url, names.url];
  } else {
    const fromFile = qmtl()?.connectors('schema_registry_url');
    if (fromFile !== undefined) [url, urlSource] = fromFile;
    else if (env.QMTL_SCHEMA_REGISTRY_URL?.trim()) [url, urlSource] = [env.QMTL_SCHEMA_REGISTRY_URL, 'QMTL_SCHEMA_REGISTRY_URL'];
  }
  if (url !== undefined && urlSource !== undefined) {
    url = url.trim();
    checkRegistryUrl(url, urlSource === 'option' ? 'the url option' : urlSource);
  }

  const { validationMode, validationModeSource } = modeFrom(options, env, names.validationMode, qmtl);

  const credentials: Credentials = {};
  if (env.SCHEMAGATE_TOKEN) credentials.token = env.SCHEMAGATE_TOKEN;
  if (env.SCHEMAGATE_USER) {
    credentials.username = env.SCHEMAGATE_USER;
    credentials.password = env.SCHEMAGATE_PASSWORD ?? '';
  }
  return { ...(url !== undefined && { url, urlSource }), validationMode, validationModeSource, credentials };
}

/**
 * The validation mode alone, with its source (see resolveClientConfig), for
 * callers that need no registry URL: the CLI's `check --offline` must not
 * fail on a registry setting it does not use.
 */
export function resolveValidationMode(options: Omit<ClientConfigOptions, 'url'> = {}): { validationMode: ValidationMode; validationModeSource: string } {
  const env = options.env ?? process.env;
  return modeFrom(options, env, options.optionNames?.validationMode ?? 'option', lazyQmtlFile(env, options.cwd ?? process.cwd()));
}

function modeFrom(
  options: Pick<ClientConfigOptions, 'validationMode'>,
  env: NodeJS.ProcessEnv,
  optionName: string,
  qmtl: () => QmtlFile | undefined,
): { validationMode: ValidationMode; validationModeSource: string } {
  let mode: [unknown, string] | undefined;
  if (options.validationMode !== undefined) mode = [options.validationMode, optionName];
  else if (env.QMTL_SCHEMA_VALIDATION_MODE?.trim()) mode = [env.QMTL_SCHEMA_VALIDATION_MODE, 'QMTL_SCHEMA_VALIDATION_MODE'];
  else mode = qmtl()?.validationMode();
  if (!mode) return { validationMode: 'canary', validationModeSource: 'default' };
  return { validationMode: modeOf(mode[0], mode[1] === 'option' ? 'the validationMode option' : mode[1]), validationModeSource: mode[1] };
}

/** A validation mode, or SchemaRegistryConfigError naming the setting it came from. */
export function modeOf(value: unknown, setting: string): ValidationMode {
  const mode = parseValidationMode(value);
  if (!mode) throw new SchemaRegistryConfigError(`${setting}: unknown validation mode ${JSON.stringify(value)}; use canary or strict`, setting);
  return mode;
}

interface QmtlFile {
  /** A string under `connectors`, with its source; undefined when absent or empty. */
  connectors(key: string): [string, string] | undefined;
  validationMode(): [unknown, string] | undefined;
}

/** qmtl.yml, read at most once and only when a setting is needed from it. */
function lazyQmtlFile(env: NodeJS.ProcessEnv, cwd: string): () => QmtlFile | undefined {
  let read = false;
  let loaded: QmtlFile | undefined;
  return () => {
    if (!read) {
      read = true;
      loaded = readQmtlFile(env.QMTL_CONFIG_FILE ? resolve(cwd, env.QMTL_CONFIG_FILE) : resolve(cwd, 'qmtl.yml'), Boolean(env.QMTL_CONFIG_FILE));
    }
    return loaded;
  };
}

function readQmtlFile(file: string, named: boolean): QmtlFile | undefined {
  if (!existsSync(file)) {
    if (named) throw new SchemaRegistryConfigError(`QMTL_CONFIG_FILE names ${file}, which does not exist`, 'QMTL_CONFIG_FILE');
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SchemaRegistryConfigError(`${file} is not valid YAML: ${(err as Error).message}`, file);
  }
  const root = isMapping(parsed) ? parsed : {};
  const connectors = isMapping(root.connectors) ? root.connectors : {};
  const present = (value: unknown) => value !== undefined && value !== null && value !== '';
  return {
    connectors(key) {
      const value = connectors[key];
      if (!present(value)) return undefined;
      if (typeof value !== 'string') throw new SchemaRegistryConfigError(`connectors.${key} in ${file} must be a URL string`, `connectors.${key} in ${file}`);
      return [value, `connectors.${key} in ${file}`];
    },
    validationMode() {
      // QMTL's loader builds its connectors section as ConnectorsConfig(**connectors) and fails on a key
      // it does not know, so a mode written there would break QMTL's own reading of the same file.
      for (const misplaced of ['validation_mode', 'schema_validation_mode']) {
        if (present(connectors[misplaced])) {
          throw new SchemaRegistryConfigError(
            `connectors.${misplaced} in ${file} is not read: write the validation mode at the top level as ${VALIDATION_MODE_KEY}: canary|strict ` +
              '(QMTL rejects keys it does not know under connectors)',
            `connectors.${misplaced} in ${file}`,
          );
        }
      }
      const value = root[VALIDATION_MODE_KEY];
      return present(value) ? [value, `${VALIDATION_MODE_KEY} in ${file}`] : undefined;
    },
  };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
