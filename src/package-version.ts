import { readFileSync } from 'node:fs';

let version: string | undefined;

/**
 * The package's version, from package.json beside src/ and dist/ (this file
 * is one level down in both), read once. The CLI's --version, the server's
 * User-Agent for webhooks and /openapi.json all say it.
 */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
