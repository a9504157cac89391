// What the read benches serve: 1,000 Avro schemas over 100 subjects,
// registered through schemagate's HTTP API, and the exact bytes schemagate
// answers for each read, so a baseline server can answer the same bytes.
import { writeFileSync } from 'node:fs';
import type { FixedRequest } from './load-client.ts';

export const SCHEMAS = 1000;
export const SUBJECTS = 100;
export const HEADERS = { 'content-type': 'application/vnd.schemaregistry.v1+json' };

export interface ReadFixture {
  /** GET /schemas/ids/{id} → body */
  byId: Record<string, string>;
  /** POST /subjects/{s} (the subject's newest schema posted) → body */
  lookup: Record<string, string>;
  /** GET /subjects/{s}/versions/latest → body */
  latest: Record<string, string>;
  /** The body each lookup posts, by subject. */
  lookupBody: Record<string, string>;
}

const avro = (i: number) =>
  JSON.stringify({
    type: 'record',
    name: `Event${i}`,
    namespace: 'bench',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'at', type: 'long' },
      { name: 'amount', type: 'double', default: 0 },
      { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
    ],
  });

async function ok(res: Response): Promise<string> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} ${text}`);
  return text;
}

/** Registers the schemas on the server at `url` and records its answers; writes them to `path` for the baseline servers. */
export async function buildReadFixture(url: string, path: string): Promise<ReadFixture> {
  const fixture: ReadFixture = { byId: {}, lookup: {}, latest: {}, lookupBody: {} };
  for (let i = 0; i < SCHEMAS; i++) {
    const subject = `bench-${i % SUBJECTS}`;
    const body = JSON.stringify({ schema: avro(i) });
    const { id } = JSON.parse(await ok(await fetch(`${url}/subjects/${subject}/versions`, { method: 'POST', headers: HEADERS, body }))) as { id: number };
    fixture.byId[id] = await ok(await fetch(`${url}/schemas/ids/${id}`));
    // The last pass registers each subject's newest version: the one looked up.
    if (i >= SCHEMAS - SUBJECTS) fixture.lookupBody[subject] = body;
  }
  for (const [subject, body] of Object.entries(fixture.lookupBody)) {
    fixture.lookup[subject] = await ok(await fetch(`${url}/subjects/${subject}`, { method: 'POST', headers: HEADERS, body }));
    fixture.latest[subject] = await ok(await fetch(`${url}/subjects/${subject}/versions/latest`));
  }
  writeFileSync(path, JSON.stringify(fixture));
  return fixture;
}

/** The three read endpoints, each as a cycle of fixed requests (no per-request work in the generator). */
export function readEndpoints(fixture: ReadFixture): Array<{ name: string; requests: FixedRequest[] }> {
  const subjects = Object.keys(fixture.lookupBody);
  return [
    { name: 'GET /schemas/ids/{id}', requests: Object.keys(fixture.byId).map((id) => ({ method: 'GET', path: `/schemas/ids/${id}` })) },
    { name: 'POST /subjects/{s} (lookup)', requests: subjects.map((s) => ({ method: 'POST', path: `/subjects/${s}`, headers: HEADERS, body: fixture.lookupBody[s] })) },
    { name: 'GET /subjects/{s}/versions/latest', requests: subjects.map((s) => ({ method: 'GET', path: `/subjects/${s}/versions/latest` })) },
  ];
}
