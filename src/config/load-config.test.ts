import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadServeConfig } from './load-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'schemagate-config-'));
let files = 0;
function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const path = join(dir, `c${files++}.yaml`);
  writeFileSync(path, yaml);
  return loadServeConfig({ config: path }, env);
}
function refused(yaml: string, message: RegExp) {
  assert.throws(() => load(yaml), (err: unknown) => err instanceof ConfigError && message.test(err.message), yaml);
}

describe('the config file', () => {
  it('stops at an unknown key, naming it and the closest valid one', () => {
    refused('auth: { enable: true, users: [] }\n', /unknown key 'auth\.enable'; did you mean 'auth\.enabled'\?/);
    refused('registry: { validatonMode: strict }\n', /unknown key 'registry\.validatonMode'; did you mean 'registry\.validationMode'\?/);
    refused('governance: { minCanaryWindw: 72h }\n', /did you mean 'governance\.minCanaryWindow'/);
    refused('sever: { port: 1 }\n', /unknown key 'sever'; did you mean 'server'/);
    refused('registry: { colour: blue }\n', /unknown key 'registry\.colour'; valid keys of 'registry' are compatibility, /);
    refused('auth:\n  enabled: true\n  users:\n    - { name: a, passwordHsh: "x", roles: [admin] }\n', /unknown key 'auth\.users\[0\]\.passwordHsh'; did you mean 'auth\.users\[0\]\.passwordHash'/);
  });

  it('does not let users without auth.enabled look protected', () => {
    refused('auth:\n  users:\n    - { name: a, tokenHash: "sha256$' + 'a'.repeat(64) + '", roles: [admin] }\n', /auth\.users is set but auth\.enabled is not/);
  });

  it('takes durations with their unit, within bounds', () => {
    assert.equal(load('engine: { checkTimeout: 2s }\n').engine.timeoutMs, 2000);
    assert.equal(load('server: { requestTimeout: 2m, headersTimeout: 10s }\n').server.requestTimeoutMs, 120_000);
    refused('engine: { checkTimeout: 2000 }\n', /engine\.checkTimeout must be a duration with a unit, such as 30s/);
    refused('server: { requestTimeout: 5s, headersTimeout: 10s }\n', /server\.requestTimeout must be at least 10s/);
  });

  it('holds the canary window to its floor and approvals to two distinct roles', () => {
    assert.equal(load('governance: { minCanaryWindow: 1h }\n').registry.minCanaryWindowMs, 3_600_000);
    refused('governance: { minCanaryWindow: 59m }\n', /minCanaryWindow must be at least 1h \(the floor/);
    refused('governance: { minCanaryWindow: 0.001 }\n', /minCanaryWindow must be a duration with a unit/);
    refused('governance: { requiredApprovals: [admin] }\n', /requiredApprovals needs at least two roles/);
    refused('governance: { requiredApprovals: [data-platform, data-platform] }\n', /'data-platform' is listed twice/);
    refused('governance: { requiredApprovals: [data-platform, janitor] }\n', /"janitor" is not a role approvals can be required from/);
    assert.deepEqual(load('governance: { requiredApprovals: [data-platform, admin] }\n').registry.requiredApprovals, ['data-platform', 'admin']);
  });

  it('checks numbers, hosts and log levels', () => {
    refused('server: { port: 70000 }\n', /server\.port must be an integer from 0 to 65535/);
    refused('engine: { workers: 0 }\n', /engine\.workers must be an integer from 1 to 64/);
    refused('registry: { maxSchemaBytes: -1 }\n', /registry\.maxSchemaBytes must be an integer/);
    refused('logLevel: chatty\n', /log level must be one of fatal, error/);
    refused('server: { host: "a b" }\n', /server\.host must be a host name or an IP address/);
    assert.equal(load('server: { host: "[::1]" }\n').host, '::1', 'a bracketed IPv6 address is taken bare');
  });

  it('reads an audit key of at least 32 bytes from a file kept outside the database', () => {
    const key = join(dir, 'audit.key');
    writeFileSync(key, 'short\n');
    refused(`audit: { keyFile: ${key} }\n`, /audit\.keyFile holds 5 bytes; an audit key needs at least 32/);
    refused(`audit: { keyFile: ${join(dir, 'missing.key')} }\n`, /audit\.keyFile: cannot read/);
    refused('audit: { signedFrom: 3 }\n', /audit\.signedFrom needs audit\.keyFile/);
    writeFileSync(key, `${'k'.repeat(40)}\n`);
    const signer = load(`audit: { keyFile: ${key}, signedFrom: 4 }\n`).auditSigner!;
    assert.equal(signer.signedFrom, 4);
    assert.equal(signer.verify('a'.repeat(64), signer.sign('a'.repeat(64))), true);
  });

  it('reads the environment after the file', () => {
    assert.equal(load('', { QMTL_SCHEMA_VALIDATION_MODE: 'strict' }).registry.validationMode, 'strict');
    assert.equal(load('registry: { validationMode: canary }\n', { QMTL_SCHEMA_VALIDATION_MODE: 'strict' }).registry.validationMode, 'canary');
  });
});
