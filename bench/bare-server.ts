// The baseline: a bare node:http server answering the same bytes schemagate
// answers, looked up in a Map. Started as its own process by get-by-id.ts.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const fixture = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { byId: Record<string, string>; lookup: Record<string, string> };
const byId = new Map(Object.entries(fixture.byId));
const lookup = new Map(Object.entries(fixture.lookup));
const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };

const server = createServer((req, res) => {
  const url = req.url ?? '';
  if (req.method === 'GET' && url.startsWith('/schemas/ids/')) {
    const body = byId.get(url.slice('/schemas/ids/'.length));
    res.writeHead(body ? 200 : 404, headers).end(body ?? '{}');
    return;
  }
  if (req.method === 'POST' && url.startsWith('/subjects/')) {
    // Read the body, as any real lookup must, then answer the stored bytes.
    req.resume();
    req.on('end', () => {
      const body = lookup.get(decodeURIComponent(url.slice('/subjects/'.length)));
      res.writeHead(body ? 200 : 404, headers).end(body ?? '{}');
    });
    return;
  }
  res.writeHead(404, headers).end('{}');
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
