import { SchemaRegistryConfigError } from './client-errors.ts';

/**
 * A registry URL checked before any request, so that `127.0.0.1:8081` fails
 * with the setting to fix instead of fetch's "Invalid URL". `localhost:8081`
 * needs the same care: the URL parser reads `localhost:` as its scheme.
 * `setting` names where the value came from (`QMTL_SCHEMA_REGISTRY_URL`,
 * `connectors.schema_registry_url in /app/qmtl.yml`, `the url option`).
 */
export function checkRegistryUrl(raw: string, setting: string): URL {
  const parsed = parse(raw.trim());
  if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host !== '') return parsed;
  // Messages end up in logs: a password in the value must not.
  const value = raw.trim().replace(/(^|\/\/)([^/@:]*):[^/@]*@/, '$1$2:***@');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const guess = parse(`http://${raw.trim()}`);
    if (guess && value !== '') {
      throw new SchemaRegistryConfigError(
        `${setting} needs a scheme: "${value}" has none; use http://${value} (or https://${value} if the registry serves TLS)`,
        setting,
      );
    }
    throw new SchemaRegistryConfigError(`${setting} is not a URL: "${value}"; write it as http://host:port`, setting);
  }
  if (parsed && parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SchemaRegistryConfigError(`${setting} is "${value}", but a registry is reached over http:// or https://`, setting);
  }
  throw new SchemaRegistryConfigError(`${setting} is not a URL: "${value}"; write it as http://host:port`, setting);
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
