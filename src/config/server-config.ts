import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../server/server-settings.ts';
import { duration, integer } from './config-values.ts';

/** `server:` in the config file, each value checked against its bounds. */
export function readServerSettings(file: Record<string, unknown>): ServerSettings {
  const d = DEFAULT_SERVER_SETTINGS;
  const headersTimeoutMs = duration(file.headersTimeout, 'server.headersTimeout', d.headersTimeoutMs, { minMs: 1000, maxMs: 3_600_000 });
  const requestTimeoutMs = duration(file.requestTimeout, 'server.requestTimeout', d.requestTimeoutMs, { minMs: headersTimeoutMs, maxMs: 3_600_000 });
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: duration(file.keepAliveTimeout, 'server.keepAliveTimeout', d.keepAliveTimeoutMs, { minMs: 1000, maxMs: 3_600_000 }),
    maxConnections: integer(file.maxConnections, 'server.maxConnections', d.maxConnections, { min: 1, max: 1_000_000 }),
    maxBodyBytesInFlight: integer(file.maxBodyBytesInFlight, 'server.maxBodyBytesInFlight', d.maxBodyBytesInFlight, { min: 1024 * 1024 }),
  };
}
