// A second baseline: fastify with no hooks, no schemas and the same three
// routes answering the same bytes. Between the bare node:http server and
// schemagate, it splits the gap into the framework's share and ours.
//
//   node --import tsx bench/bare-fastify-server.ts <fixture.json>
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { ReadFixture } from './read-fixture.ts';

const fixture = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ReadFixture;
const byId = new Map(Object.entries(fixture.byId));
const lookup = new Map(Object.entries(fixture.lookup));
const latest = new Map(Object.entries(fixture.latest));
const TYPE = 'application/vnd.schemaregistry.v1+json';

const app = Fastify({ logger: false });
// The same parsing schemagate's lookup does to its body: JSON.parse of the text.
app.addContentTypeParser(TYPE, { parseAs: 'string' }, (_request, body, done) => done(null, JSON.parse(body as string)));
const send = (body: string | undefined, reply: import('fastify').FastifyReply) => reply.code(body ? 200 : 404).type(TYPE).send(body ?? '{}');
app.get<{ Params: { id: string } }>('/schemas/ids/:id', async (request, reply) => send(byId.get(request.params.id), reply));
app.get<{ Params: { subject: string } }>('/subjects/:subject/versions/latest', async (request, reply) => send(latest.get(request.params.subject), reply));
app.post<{ Params: { subject: string } }>('/subjects/:subject', async (request, reply) => send(lookup.get(request.params.subject), reply));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening on ${address}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
