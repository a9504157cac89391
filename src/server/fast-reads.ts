import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegistryService } from '../registry/registry-service.ts';
import { SCHEMA_REGISTRY_V1 } from './content-types.ts';
import type { ServerMetrics } from './metrics.ts';

/** Exactly `GET /schemas/ids/<id>`: no query, no trailing slash, no leading zero (anything else goes through the router). */
const BY_ID = /^\/schemas\/ids\/([1-9][0-9]{0,9})$/;

/**
 * The one answer a serving registry gives most: a schema by id, which every
 * consumer asks for each id it meets. An id names one schema for as long as it exists,
 * so once the registry has serialised an answer (the first request for an
 * id goes through the router and fills it), the server answers it before
 * routing, in the same bytes and headers, and counts it in the same
 * metrics. Everything else — a miss, a query, another route, any request
 * while auth is on — takes the full path, so no check is skipped.
 */
export function fastReads(registry: RegistryService, metrics: ServerMetrics): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'GET' || req.url === undefined) return false;
    const match = BY_ID.exec(req.url);
    if (!match) return false;
    const json = registry.cachedSchemaByIdJson(Number(match[1]));
    if (json === undefined) return false;
    const started = process.hrtime.bigint();
    res.writeHead(200, { 'content-type': `${SCHEMA_REGISTRY_V1}; charset=utf-8`, 'content-length': Buffer.byteLength(json) });
    res.end(json);
    metrics.observeRequest('/schemas/ids/:id', 'GET', 200, Number(process.hrtime.bigint() - started) / 1e9);
    return true;
  };
}
