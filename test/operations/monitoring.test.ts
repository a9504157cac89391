import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { bundle, priceV1, recordGlobalStrict } from '../helpers/governance-fixtures.ts';
import { parsePrometheus, sampleValue, type Sample } from '../helpers/prometheus-text.ts';
import { freshPostgresUrl, POSTGRES_SKIP } from '../helpers/postgres.ts';
import { startServer, tempDir, type RunningServer } from '../helpers/start-server.ts';

/**
 * What docs/operations/monitoring ships: rules promtool accepts and whose
 * alerts fire as their unit tests say, a dashboard Grafana can import, every
 * metric both name exported by the real server, and governance gauges that
 * tell the truth about the store, after a restart too.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'docs/operations/monitoring');
const RULE_FILES = readdirSync(DIR).filter((f) => f.endsWith('.rules.yml')).map((f) => join(DIR, f));
const DASHBOARD = JSON.parse(readFileSync(join(DIR, 'schemagate-dashboard.json'), 'utf8'));
const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;
const PROMTOOL_SKIP = PROMTOOL ? false : 'promtool is not installed (Debian: apt-get install prometheus; .ci/run installs it)';

interface Rule {
  alert: string;
  expr: string;
  annotations?: Record<string, string>;
}
const RULES: Rule[] = RULE_FILES.flatMap((f) => (parseYaml(readFileSync(f, 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules));

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; datasource?: { uid: string } }>;
}
const PANELS = (DASHBOARD.panels as Panel[]).filter((p) => p.type !== 'row');
const DASHBOARD_EXPRS = [...PANELS.flatMap((p) => (p.targets ?? []).map((t) => t.expr)), ...DASHBOARD.templating.list.map((v: { definition: string }) => v.definition)];

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords or labels. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    // label_values(metric, label): the label is no metric.
    .replace(/label_values\(\s*([\w:]+)\s*,\s*\w+\s*\)/g, '$1');
  return [...bare.matchAll(/([a-zA-Z_:][\w:]*)(\s*\()?/g)]
    .filter((m) => m[2] === undefined)
    .map((m) => m[1])
    .filter((w) => !['and', 'or', 'unless', 'bool', 'offset'].includes(w));
}

/** A GitHub heading anchor. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');

describe('the alerting rules', () => {
  it('pass promtool check rules', { skip: PROMTOOL_SKIP }, () => {
    assert.ok(RULE_FILES.length > 0);
    const run = spawnSync('promtool', ['check', 'rules', ...RULE_FILES], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it('fire as their promtool unit tests say', { skip: PROMTOOL_SKIP }, () => {
    const run = spawnSync('promtool', ['test', 'rules', 'schemagate-rules.test.yml'], { cwd: DIR, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it('cover what the runbook alarms on, each with a summary, a description and a runbook that exists', () => {
    const exprs = RULES.map((r) => r.expr.replace(/\s+/g, ' '));
    assert.ok(exprs.some((e) => /seamless_schema_validation_failures_total\{mode="strict"\}/.test(e)), 'strict-mode regressions');
    for (const metric of ['schemagate_canary_failures', 'schemagate_unaudited_subjects', 'schemagate_audit_chain_ok', 'schemagate_http_request_duration_seconds_bucket']) {
      assert.ok(exprs.some((e) => e.includes(metric)), metric);
    }
    assert.ok(exprs.some((e) => e.includes('schemagate_http_requests_total{status=~"5.."}')), '5xx rate');
    for (const rule of RULES) {
      for (const key of ['summary', 'description', 'runbook_url']) assert.ok(rule.annotations?.[key], `${rule.alert}: ${key}`);
      const [file, fragment] = rule.annotations!.runbook_url.split('#');
      assert.ok(existsSync(join(ROOT, file)), `${rule.alert}: ${file}`);
      const headings = readFileSync(join(ROOT, file), 'utf8').split('\n').filter((l) => l.startsWith('#')).map((l) => anchor(l.replace(/^#+/, '')));
      assert.ok(!fragment || headings.includes(fragment), `${rule.alert}: no heading #${fragment} in ${file}`);
    }
  });
});

describe('the Grafana dashboard', () => {
  it('imports: a uid, a title, a DS_PROMETHEUS input every query uses, distinct panel ids', () => {
    assert.equal(DASHBOARD.uid, 'schemagate-overview');
    assert.ok(DASHBOARD.title);
    assert.deepEqual(DASHBOARD.__inputs.map((i: { name: string; pluginId: string }) => [i.name, i.pluginId]), [['DS_PROMETHEUS', 'prometheus']]);
    const ids = (DASHBOARD.panels as Array<{ id: number }>).map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const panel of PANELS) {
      assert.equal(panel.datasource?.uid, '${DS_PROMETHEUS}', panel.title);
      assert.ok(panel.targets?.length, panel.title);
      for (const target of panel.targets!) assert.ok(metricNames(target.expr).length > 0, `${panel.title}: ${target.expr}`);
    }
  });

  it('queries with valid PromQL (promtool, as recording rules)', { skip: PROMTOOL_SKIP }, () => {
    const exprs = PANELS.flatMap((p) => (p.targets ?? []).map((t) => t.expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.+')));
    const file = join(tempDir(), 'dashboard.rules.yml');
    writeFileSync(file, stringifyYaml({ groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:query_${i}`, expr })) }] }));
    const run = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it('has the panels operators asked for', () => {
    const all = DASHBOARD_EXPRS.join('\n');
    for (const needle of [
      'seamless_schema_validation_failures_total{job=~"$job", mode="strict"}',
      'seamless_schema_validation_failures_total{job=~"$job", mode="canary"}',
      'schemagate_planned_major_changes_total',
      'schemagate_subjects',
      'schemagate_unaudited_subjects',
      'schemagate_audit_chain_ok',
      'schemagate_canary_windows_open',
      'schemagate_registrations_total',
      'status=~"5.."',
      'histogram_quantile(0.5,',
      'histogram_quantile(0.99,',
    ]) {
      assert.ok(all.includes(needle), needle);
    }
  });
});

const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
async function call(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as any) : undefined };
}
async function ok(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await call(server, method, path, body);
  assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
  return res.body;
}
const scrape = async (server: RunningServer) => parsePrometheus((await call(server, 'GET', '/metrics')).text);
const record = (name: string, type: string) => JSON.stringify({ type: 'record', name, namespace: 'mon', fields: [{ name: 'a', type }] });

/** The governance gauges' values, for one assertion. */
function gauges(samples: Sample[], changeRequest: string) {
  const value = (name: string, labels?: Record<string, string>) => sampleValue(samples, name, labels);
  return {
    canary: value('schemagate_subjects', { mode: 'canary' }),
    strict: value('schemagate_subjects', { mode: 'strict' }),
    unaudited: value('schemagate_unaudited_subjects'),
    chainOk: value('schemagate_audit_chain_ok'),
    entries: value('schemagate_audit_entries'),
    canariesOpen: value('schemagate_canary_windows_open'),
    canaryFailures: value('schemagate_canary_failures', { change_request: changeRequest, subject: 'plain' }),
  };
}

/** A change request taken through dry-run, both approvals and apply, with auth off (each step names its user). */
async function applied(server: RunningServer, body: Record<string, unknown>): Promise<{ id: number; path: string }> {
  const cr = (await call(server, 'POST', '/governance/change-requests', { user: 'alice', title: 't', reference: 'https://git.example/pr/1', ...body })).body;
  const path = `/governance/change-requests/${cr.id}`;
  await ok(server, 'POST', `${path}/dry-run`, { user: 'alice' });
  await ok(server, 'POST', `${path}/approvals`, { user: 'bob', role: 'data-platform', notes: 'ok' });
  await ok(server, 'POST', `${path}/approvals`, { user: 'carol', role: 'strategy-owner', notes: 'ok' });
  assert.equal((await ok(server, 'POST', `${path}/apply`, { user: 'alice' })).state, 'canary');
  return { id: cr.id, path };
}

describe('a real server’s /metrics', () => {
  let server: RunningServer;
  let canaryCr: string;
  before(async () => {
    server = await startServer({ timeTravel: true });
    // One registration of each format; price and order go to strict through a promoted change request.
    await ok(server, 'POST', '/subjects/json-subject/versions', { schemaType: 'JSON', schema: '{"type":"object"}' });
    await ok(server, 'POST', '/subjects/proto-subject/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3"; message M { string a = 1; }' });
    await ok(server, 'POST', '/subjects/price/versions', { schema: JSON.stringify(priceV1) });
    const first = await applied(server, bundle);
    server.timeTravel();
    await new Promise((done) => setTimeout(done, 100));
    assert.equal((await ok(server, 'POST', `${first.path}/promote`, { user: 'bob', notes: 'no failures seen' })).changeRequest.state, 'strict');
    // A strict-mode regression: an incompatible schema refused on price.
    const refused = await call(server, 'POST', '/subjects/price/versions', { schema: JSON.stringify({ ...priceV1, fields: [{ name: 'amount', type: 'string' }] }) });
    assert.equal(refused.status, 409, refused.text);
    // A canary with a declared major change (planned), then a failure in its window.
    await ok(server, 'POST', '/subjects/plain/versions', { schema: record('Plain', 'int') });
    canaryCr = String((await applied(server, { schemas: [{ subject: 'plain', schemaType: 'AVRO', schema: record('Plain', 'string') }], majorChanges: ['plain'] })).id);
    await ok(server, 'POST', '/subjects/plain/versions', { schema: record('Plain', 'boolean') });
    // Strict set by hand: unaudited.
    await ok(server, 'POST', '/subjects/manual/versions', { schema: record('Manual', 'int') });
    await ok(server, 'PUT', '/governance/subjects/manual/mode', { mode: 'strict', user: 'ops' });
  });
  after(async () => {
    await server?.stop();
  });

  it('exports every metric the rules and the dashboard name', async () => {
    const exported = new Set((await scrape(server)).map((s) => s.name));
    const named = new Set([...RULES.map((r) => r.expr), ...DASHBOARD_EXPRS].flatMap(metricNames));
    assert.ok(named.size >= 10, [...named].join(', '));
    const missing = [...named].filter((name) => !exported.has(name));
    assert.deepEqual(missing, [], `named by the rules or the dashboard, absent from /metrics: ${missing.join(', ')}`);
    const samples = await scrape(server);
    assert.equal(sampleValue(samples, 'seamless_schema_validation_failures_total', { subject: 'price', mode: 'strict' }), 1);
    assert.equal(sampleValue(samples, 'seamless_schema_validation_failures_total', { subject: 'plain', mode: 'canary' }), 1);
    assert.equal(sampleValue(samples, 'schemagate_planned_major_changes_total', { subject: 'plain' }), 1);
    for (const format of ['AVRO', 'JSON', 'PROTOBUF']) assert.ok(sampleValue(samples, 'schemagate_registrations_total', { format })! >= 1, format);
  });

  it('tells the truth about governance: subjects by mode, unaudited, audit chain, open canaries and their failures', async () => {
    // canary: json-subject, proto-subject, plain (in its window); strict: price, order (promoted), manual (by hand, unaudited).
    assert.deepEqual(gauges(await scrape(server), canaryCr), { canary: 3, strict: 3, unaudited: 1, chainOk: 1, entries: 1, canariesOpen: 1, canaryFailures: 1 });
    const status = await ok(server, 'GET', `/governance/change-requests/${canaryCr}`);
    assert.equal(status.canaryStatus.failures, 1, 'the gauge counts what the promotion counts');
  });

  it('counts subjects strict only through an unrecorded global strict mode as unaudited, until an entry records it', async () => {
    await ok(server, 'PUT', '/governance/config', { validationMode: 'strict' });
    // json-subject and proto-subject follow the global mode; plain keeps its canary.
    assert.deepEqual(gauges(await scrape(server), canaryCr), { canary: 1, strict: 5, unaudited: 3, chainOk: 1, entries: 1, canariesOpen: 1, canaryFailures: 1 });
    await recordGlobalStrict({ request: (method, url, body) => call(server, method, url, body) });
    assert.deepEqual(gauges(await scrape(server), canaryCr), { canary: 1, strict: 5, unaudited: 1, chainOk: 1, entries: 2, canariesOpen: 1, canaryFailures: 1 });
    await ok(server, 'PUT', '/governance/config', { validationMode: 'canary' });
    assert.deepEqual(gauges(await scrape(server), canaryCr), { canary: 3, strict: 3, unaudited: 1, chainOk: 1, entries: 2, canariesOpen: 1, canaryFailures: 1 });
  });

  it('reports an audit log edited in the database, and keeps every value across a restart', async () => {
    const db = new Database(join(server.dataDir, 'registry.db'));
    try {
      db.pragma('busy_timeout = 5000');
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_head')").all() as Array<{ name: string }>) {
        db.exec(`DROP TRIGGER ${name}`);
      }
      assert.equal(db.prepare("UPDATE audit_log SET entry_json = replace(entry_json, 'no failures seen', 'edited later') WHERE seq = 1").run().changes, 1);
    } finally {
      db.close();
    }
    // Any write to the instance makes the next scrape read the store again (else within 15 s).
    await ok(server, 'PUT', '/config/json-subject', { compatibility: 'BACKWARD' });
    const expected = { canary: 3, strict: 3, unaudited: 1, chainOk: 0, entries: 2, canariesOpen: 1, canaryFailures: 1 };
    assert.deepEqual(gauges(await scrape(server), canaryCr), expected);
    assert.equal((await ok(server, 'GET', '/governance/audit-log/verify')).ok, false);

    assert.equal(await server.stop(), 0);
    server = await startServer({ dataDir: server.dataDir });
    const fresh = await scrape(server);
    assert.deepEqual(gauges(fresh, canaryCr), expected, 'read from the store, not counted in the process');
    assert.equal(sampleValue(fresh, 'seamless_schema_validation_failures_total', { subject: 'price', mode: 'strict' }), undefined, 'while the counters start again');
  });
});

describe('two instances on one PostgreSQL store', { skip: POSTGRES_SKIP }, () => {
  let a: RunningServer;
  let b: RunningServer;
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('report the same governance gauges, whichever instance the writes went to', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'schemagate.yaml'), `store: ${freshPostgresUrl()}\n`);
    [a, b] = await Promise.all([startServer({ args: ['--config', join(dir, 'schemagate.yaml')] }), startServer({ args: ['--config', join(dir, 'schemagate.yaml')] })]);
    for (const subject of ['one', 'two', 'three']) await ok(a, 'POST', `/subjects/${subject}/versions`, { schema: record('Pg', 'int') });
    await ok(a, 'PUT', '/governance/subjects/two/mode', { mode: 'strict', user: 'ops' });
    const expected = { canary: 2, strict: 1, unaudited: 1, chainOk: 1, entries: 0, canariesOpen: 0, canaryFailures: undefined };
    assert.deepEqual(gauges(await scrape(b), '1'), expected, 'the instance that took no write');
    assert.deepEqual(gauges(await scrape(a), '1'), expected);
  });
});
