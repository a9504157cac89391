/**
 * Malformed requests for every route of the registry, generated from a
 * seed so a failure reproduces: bodies that are not JSON or have the wrong
 * shape, oversize and deeply nested input, invalid UTF-8, huge and odd ids
 * and versions, path tricks in subject names, invalid schemas of every
 * format, missing and circular references, hostile regular expressions and
 * hostile protobuf imports. Some of them may be accepted (a strange but
 * valid subject name); none may be answered 5xx.
 */
export interface BadRequest {
  kind: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deep = (n: number, open: string, close: string, inner = '1') => open.repeat(n) + inner + close.repeat(n);

const SUBJECTS = [
  'seed-avro', 'seed-json', 'seed-proto', '..', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%00', 'a%00b', '%2F', '%', '%E0%A4%A', '%FF%FE', '__GLOBAL', '__EMPTY',
  'x'.repeat(5000), encodeURIComponent('値'.repeat(3000)), '%20', encodeURIComponent('\t\n'), encodeURIComponent('<script>'), ':', 'a:b', '.', '~', 'null', 'undefined', '-1',
];
const VERSIONS = ['0', '-2', '-1', 'latest', 'LATEST', 'abc', '1.5', '1e3', '2147483648', '99999999999999999999', '9007199254740993', '', '%20', '0x10', '+1', '01', 'Infinity', 'NaN'];
const IDS = ['0', '-1', '1.5', 'abc', '2147483648', '99999999999999999999', '1e9', '', 'NaN', '0x1', '%00', '1%20'];

const INVALID_SCHEMAS: Array<Record<string, unknown>> = [
  { schema: '{"type":"record","name":"R","fields":[{"name":"f","type":"str"}]}' },
  { schema: '{"type":"record"}' },
  { schema: '{"type":"enum","name":"E","symbols":["A","A"]}' },
  { schema: '{"type":"fixed","name":"F","size":-1}' },
  { schema: '{"type":"record","name":"R","fields":[{"name":"f","type":"int","default":"x"}]}' },
  { schema: deep(600, '{"type":"array","items":', '}', '"int"') },
  { schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"R2"}]}' },
  { schema: '[' + Array.from({ length: 1000 }, (_, i) => `{"type":"record","name":"N${i}","fields":[${i ? `{"name":"p","type":"N${i - 1}"}` : ''}]}`).join(',') + ']' },
  { schemaType: 'JSON', schema: '{"type":"strin"}' },
  { schemaType: 'JSON', schema: '{"maxLength":1e400}' },
  { schemaType: 'JSON', schema: '{"minimum":-1e999}' },
  { schemaType: 'JSON', schema: '{"patternProperties":{"(":{}}}' },
  { schemaType: 'JSON', schema: '{"pattern":"(a)\\\\1"}' },
  { schemaType: 'JSON', schema: '{"type":"string","pattern":"(?<=a)b"}' },
  { schemaType: 'JSON', schema: '{"type":"string","pattern":"^(a+)+$"}' },
  { schemaType: 'JSON', schema: '{"type":"object","patternProperties":{"^(a|a)*$":{}},"propertyNames":{"pattern":"^(x+x+)+y$"}}' },
  { schemaType: 'JSON', schema: '{"$ref":"#/definitions/missing"}' },
  { schemaType: 'JSON', schema: '{"$ref":"#"}' },
  { schemaType: 'JSON', schema: '{"$schema":"https://json-schema.org/draft/2020-12/schema","$dynamicAnchor":"x","$dynamicRef":"#x"}' },
  { schemaType: 'JSON', schema: '{"$schema":"http://example.com/unknown"}' },
  { schemaType: 'JSON', schema: deep(2000, '{"items":', '}', '{}') },
  { schemaType: 'JSON', schema: '{"type":"object","properties":' + JSON.stringify(Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`p${i}`, { type: 'string' }]))) + '}' },
  { schemaType: 'JSON', schema: '{"anyOf":[' + Array.from({ length: 60 }, (_, i) => `{"type":"object","properties":{"k${i}":{"type":"integer"}}}`).join(',') + ']}' },
  { schemaType: 'JSON', schema: 'true false' },
  { schemaType: 'JSON', schema: '[]' },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message M { strin f = 1; }' },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; import "../../../../etc/passwd"; message M { int32 f = 1; }' },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; import "/dev/zero"; message M {}' },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; import "google/protobuf/../../x.proto"; message M {}' },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; ' + Array.from({ length: 500 }, (_, i) => `import "dep${i}.proto";`).join(' ') + ' message M {}' },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\n' + deep(2000, 'message M {', '}', '') },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message M { int32 f = 536870912; }' },
  { schemaType: 'PROTOBUF', schema: 'syntax = "proto4"; message M {}' },
  { schemaType: 'PROTOBUF', schema: '\u0000\u0001\u0002' },
  { schemaType: 'XML', schema: '<a/>' },
  { schemaType: 7, schema: '"string"' },
  { schema: 42 },
  { schema: '' },
  { schema: null },
  { schema: ['"string"'] },
  { schema: { type: 'string' } },
];

const BAD_BODIES: Array<string | Buffer> = [
  '{', '{"schema":', '{"schema": "x",}', 'nul', 'NaN', '{"schema": NaN}', '[1,2', '"unterminated', '{"a":1}{"b":2}', '\u0000', ' ',
  Buffer.from([0xff, 0xfe, 0xfd, 0x7b, 0x7d]), Buffer.from('{"schema":"\xc3\x28"}', 'latin1'), Buffer.from([0xed, 0xa0, 0x80]),
  deep(100_000, '[', ']'), deep(20_000, '{"a":', '}'),
  '{"schema":"' + '\\u0000'.repeat(1000) + '"}',
  '{"schema":"\\ud800"}',
  JSON.stringify({ schema: '"string"', references: 'x' }), JSON.stringify({ schema: '"string"', references: [{}] }),
  JSON.stringify({ schema: '"string"', references: [{ name: 'a', subject: 'nowhere', version: 1 }] }),
  JSON.stringify({ schema: '"string"', references: [{ name: 'a', subject: 'seed-avro', version: 99 }] }),
  JSON.stringify({ schema: '"string"', references: [{ name: 'a', subject: 'seed-avro', version: 1.5 }] }),
  JSON.stringify({ schema: '"string"', references: [{ name: 'a', subject: 'seed-avro' }, { name: 'a', subject: 'seed-avro' }] }),
  JSON.stringify({ schema: '"string"', references: Array.from({ length: 5000 }, (_, i) => ({ name: `r${i}`, subject: 'seed-avro', version: 1 })) }),
  JSON.stringify({ schema: '"string"', id: -5 }), JSON.stringify({ schema: '"string"', id: 1.5 }), JSON.stringify({ schema: '"string"', id: 2 ** 40 }),
  JSON.stringify({ schema: '"string"', version: 'one' }), JSON.stringify({ schema: '"string"', version: 2 ** 33 }),
  JSON.stringify({ schema: '"string"', schemaType: ['AVRO'] }),
  JSON.stringify({ compatibility: 'SIDEWAYS' }), JSON.stringify({ compatibility: 7 }), JSON.stringify({ compatibilityPolicy: {} }), JSON.stringify({ normalize: 'yes' }),
  JSON.stringify({ mode: 'WRITEONLY' }), JSON.stringify({ mode: null }), JSON.stringify({ mode: ['IMPORT'] }),
  JSON.stringify({ validationMode: 'sometimes' }), JSON.stringify({ minCanaryWindow: 0.001 }), JSON.stringify({ minCanaryWindow: '-5h' }), JSON.stringify({ requiredApprovals: ['admin'] }),
  JSON.stringify({ requiredApprovals: 'data-platform' }), JSON.stringify({ validatonMode: 'strict' }),
  JSON.stringify({ schemas: [] }), JSON.stringify({ schemas: 'x' }), JSON.stringify({ schemas: [{ subject: 's', schema: 5 }] }), JSON.stringify({ schemas: [{ schema: '"int"' }] }),
  JSON.stringify({ schemas: [{ subject: 'a', schema: '"int"' }, { subject: 'a', schema: '"int"' }] }),
  JSON.stringify({ schemas: [{ subject: 'a', schema: '"int"' }], samples: { b: [1] } }), JSON.stringify({ schemas: [{ subject: 'a', schema: '"int"' }], samples: { a: 'x' } }),
  JSON.stringify({ schemas: [{ subject: 'a', schema: '"int"' }], samples: [] }),
  '{"schemas":[{"subject":"a","schemaType":"JSON","schema":"{}"}],"samples":{"a":[' + deep(20_000, '[', ']') + ']}}',
  JSON.stringify({ schemas: [{ subject: 'a', schemaType: 'JSON', schema: '{"type":"string","pattern":"^(a+)+$"}' }], samples: { a: ['a'.repeat(5000) + '!'] } }),
  JSON.stringify({ title: 5, reference: null, schemas: [{ subject: 'a', schema: '"int"' }] }),
  JSON.stringify({ title: 'x'.repeat(300), reference: 'r', schemas: [{ subject: 'a', schema: '"int"' }] }),
  JSON.stringify({ role: 'emperor', notes: 'x' }), JSON.stringify({ notes: 5 }), JSON.stringify({ user: 7 }), JSON.stringify({ user: 'u'.repeat(500) }),
  JSON.stringify({ schemaBundleSha: 'zz', changeRequest: 'c', validationWindow: 'w', subjects: [] }),
  JSON.stringify({ schemaBundleSha: 'a'.repeat(64), changeRequest: 'c', validationWindow: 'w', subjects: [5], date: '2026-13-45' }),
  'x'.repeat(3 * 1024 * 1024),
];

const QUERIES = ['', '?offset=-4', '?limit=abc', '?limit=1e9', '?offset=99999999999', '?deleted=maybe', '?normalize=%ZZ', '?verbose=true', '?permanent=true', '?subjectPrefix=%00', '?state=open', '?from=1&to=latest', '?from=x&to=y', '?validationMode=sometimes', '?force=true', '?defaultToGlobal=yes', '?a=' + 'b'.repeat(20_000)];

type Route = [method: string, template: string];
const ROUTES: Route[] = [
  ['GET', '/subjects'], ['GET', '/subjects/:s/versions'], ['GET', '/subjects/:s/versions/:v'], ['GET', '/subjects/:s/versions/:v/schema'], ['GET', '/subjects/:s/versions/:v/referencedby'],
  ['POST', '/subjects/:s/versions'], ['POST', '/subjects/:s'], ['DELETE', '/subjects/:s'], ['DELETE', '/subjects/:s/versions/:v'],
  ['GET', '/schemas'], ['GET', '/schemas/ids/:id'], ['GET', '/schemas/ids/:id/schema'], ['GET', '/schemas/ids/:id/subjects'], ['GET', '/schemas/ids/:id/versions'], ['GET', '/schemas/types'],
  ['GET', '/config'], ['PUT', '/config'], ['GET', '/config/:s'], ['PUT', '/config/:s'], ['DELETE', '/config/:s'],
  ['GET', '/mode'], ['PUT', '/mode'], ['GET', '/mode/:s'], ['PUT', '/mode/:s'], ['DELETE', '/mode/:s'],
  ['POST', '/compatibility/subjects/:s/versions'], ['POST', '/compatibility/subjects/:s/versions/:v'],
  ['GET', '/governance/config'], ['PUT', '/governance/config'], ['GET', '/governance/subjects/:s'], ['PUT', '/governance/subjects/:s/mode'],
  ['GET', '/governance/subjects/:s/reports'], ['GET', '/governance/subjects/:s/compat-ids'], ['GET', '/governance/subjects/:s/diff'],
  ['POST', '/governance/dry-run'], ['POST', '/governance/change-requests'], ['GET', '/governance/change-requests'], ['GET', '/governance/change-requests/:id'],
  ['PUT', '/governance/change-requests/:id/schemas'], ['POST', '/governance/change-requests/:id/dry-run'], ['POST', '/governance/change-requests/:id/approvals'],
  ['POST', '/governance/change-requests/:id/apply'], ['POST', '/governance/change-requests/:id/promote'], ['POST', '/governance/change-requests/:id/fail'],
  ['POST', '/governance/change-requests/:id/reject'], ['POST', '/governance/change-requests/:id/withdraw'],
  ['GET', '/governance/audit-log'], ['POST', '/governance/audit-log'], ['GET', '/governance/audit-log/verify'], ['GET', '/governance/audit-log.md'],
  ['GET', '/associations/x'], ['GET', '/metrics'], ['GET', '/contexts'], ['PATCH', '/subjects/:s'], ['OPTIONS', '/subjects'], ['HEAD', '/subjects/:s/versions/:v'],
];

const CONTENT_TYPES = ['application/vnd.schemaregistry.v1+json', 'application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/vnd.schemaregistry+json;;;'];

/** At least `count` bad requests, every route and every kind of bad input represented. */
export function* badRequests(count: number, seed = 20261130): Generator<BadRequest> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const schemaBodies = INVALID_SCHEMAS.map((s) => JSON.stringify(s));
  for (let i = 0; i < count; i++) {
    const [method, template] = ROUTES[i % ROUTES.length];
    const path =
      template.replace(':s', pick(SUBJECTS)).replace(':v', pick(VERSIONS)).replace(':id', pick(IDS)) + (next() < 0.3 ? pick(QUERIES) : '');
    const roll = next();
    if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS') {
      yield { kind: 'path', method, path };
    } else if (roll < 0.35) {
      yield { kind: 'invalid schema', method, path, body: pick(schemaBodies) };
    } else if (roll < 0.8) {
      yield { kind: 'bad body', method, path, body: pick(BAD_BODIES) };
    } else {
      yield { kind: 'content type', method, path, body: pick(BAD_BODIES), headers: { 'content-type': pick(CONTENT_TYPES) } };
    }
  }
}

/** Requests a client library would refuse to send: control characters, invalid UTF-8 and broken framing, straight on the socket. */
export const RAW_REQUESTS: Buffer[] = [
  Buffer.from('GET /subjects/\xff\xfe/versions HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
  Buffer.from('GET /subjects/a\x00b HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
  Buffer.from('POST /subjects/s/versions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"sc', 'latin1'),
  Buffer.from('POST /subjects/s/versions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n0\r\n\r\n', 'latin1'),
  Buffer.from('POST /subjects/s/versions HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 'latin1'),
  Buffer.from(`GET /${'a'.repeat(300_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 'latin1'),
  Buffer.from(`GET /subjects HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(300_000)}\r\n\r\n`, 'latin1'),
  Buffer.from('BREW /coffee HTCPCP/1.0\r\n\r\n', 'latin1'),
  Buffer.from('GET /subjects HTTP/1.1\r\nHost: x\r\nAuthorization: Basic \xff\xff\r\n\r\n', 'latin1'),
];
