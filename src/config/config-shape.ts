import { closestName } from '../core/closest-name.ts';

/** A section's keys, each a leaf or a nested section; `[shape]` is a list of such mappings. */
export type Shape = { [key: string]: true | Shape | [Shape] };

/** `password` and `token` are known only to be refused with their own message: secrets never go in the file in clear. */
const USER: Shape = { name: true, passwordHash: true, tokenHash: true, roles: true, password: true, token: true };

/**
 * Every key the config file may hold. A key it does not know stops the
 * start: a typo (`auth: { enable: true }`) would otherwise leave a setting
 * at its default — for that one, auth off — without a word.
 */
export const CONFIG_SHAPE: Shape = {
  server: { host: true, port: true, requestTimeout: true, headersTimeout: true, keepAliveTimeout: true, maxConnections: true, maxBodyBytesInFlight: true },
  store: true,
  dataDir: true,
  logLevel: true,
  registry: {
    compatibility: true,
    compatibilityPolicy: true,
    validationMode: true,
    incompatibleErrorCode: true,
    maxSchemaBytes: true,
    maxSubjectLength: true,
    maxDryRunBytes: true,
    defaultSchemaType: true,
    defaultSchemaTypeByPrefix: true,
  },
  engine: { workers: true, checkTimeout: true, maxHeapMb: true, maxQueue: true, parsedCacheMb: true, storeWait: true },
  governance: { minCanaryWindow: true, requiredApprovals: true },
  audit: { keyFile: true, signedFrom: true },
  auth: { enabled: true, users: [USER], signIn: { maxFailuresPerUser: true, maxFailuresPerAddress: true, window: true, cacheFor: true } },
  notifications: {
    consoleUrl: true,
    webhooks: [{ name: true, url: true, events: true, secret: true, secretFile: true, secretEnv: true, format: true }],
    retry: { initialDelay: true, maxDelay: true, maxAttempts: true },
    timeout: true,
  },
};

/**
 * The first key of `value` the shape does not know, as a message naming
 * its path and the closest valid key; undefined when every key is known.
 */
export function unknownKey(value: unknown, shape: Shape, path = ''): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    const expected = shape[key];
    if (expected === undefined) {
      const guess = closestName(key, Object.keys(shape));
      return `unknown key '${at}'${guess ? `; did you mean '${path === '' ? guess : `${path}.${guess}`}'?` : `; valid keys${path === '' ? '' : ` of '${path}'`} are ${Object.keys(shape).join(', ')}`}`;
    }
    if (expected === true) continue;
    if (Array.isArray(expected)) {
      if (!Array.isArray(child)) continue;
      for (const [i, item] of child.entries()) {
        const found = unknownKey(item, expected[0], `${at}[${i}]`);
        if (found) return found;
      }
      continue;
    }
    const found = unknownKey(child, expected, at);
    if (found) return found;
  }
  return undefined;
}
