// The baseline: a bare node:http server answering the bytes schemagate
// answers (same body, same Content-Type, Content-Length set), looked up in a
// Map. Started as its own process by cpu-per-request.ts, so its CPU time is
// its own.
//
//   node --import tsx bench/bare-server.ts <fixture.json>
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { ReadFixture } from './read-fixture.ts';

const fixture = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ReadFixture;
const byId = new Map(Object.entries(fixture.byId));
const lookup = new Map(Object.entries(fixture.lookup));
const latest = new Map(Object.entries(fixture.latest));
const TYPE = 'application/vnd.schemaregistry.v1+json';

function answer(res: import('node:http').ServerResponse, body: string | undefined): void {
  const bytes = body ?? '{}';
  res.writeHead(body ? 200 : 404, { 'content-type': TYPE, 'content-length': Buffer.byteLength(bytes) }).end(bytes);
}

const server = createServer((req, res) => {
  const url = req.url ?? '';
  if (req.method === 'GET' && url.startsWith('/schemas/ids/')) return answer(res, byId.get(url.slice('/schemas/ids/'.length)));
  if (req.method === 'GET' && url.startsWith('/subjects/') && url.endsWith('/versions/latest')) {
    return answer(res, latest.get(decodeURIComponent(url.slice('/subjects/'.length, -'/versions/latest'.length))));
  }
  if (req.method === 'POST' && url.startsWith('/subjects/')) {
    // Read the body, as any real lookup must, then answer the stored bytes.
    req.resume();
    req.on('end', () => answer(res, lookup.get(decodeURIComponent(url.slice('/subjects/'.length)))));
    return;
  }
  answer(res, undefined);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
