import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadServeConfig } from './load-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'schemagate-notify-config-'));
let files = 0;
const SECRET = 'correct-horse-battery-staple';
function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const path = join(dir, `c${files++}.yaml`);
  writeFileSync(path, yaml);
  return loadServeConfig({ config: path }, env).notifications;
}
function refused(yaml: string, message: RegExp, env: NodeJS.ProcessEnv = {}) {
  assert.throws(
    () => load(yaml, env),
    (err: unknown) => err instanceof ConfigError && message.test(err.message) && !err.message.includes(SECRET) && !err.message.includes('short-one'),
    yaml,
  );
}

describe('notifications in the config file', () => {
  it('reads webhooks with their secret from a file, the environment or the config, and every default', () => {
    const secretFile = join(dir, 'hook.secret');
    writeFileSync(secretFile, `${SECRET}\n`);
    const n = load(
      [
        'notifications:',
        '  consoleUrl: https://registry.example',
        '  webhooks:',
        `    - { name: ops, url: "https://hooks.example/a", secretFile: "${secretFile}", events: [change-request.approved, canary.failure] }`,
        '    - { url: "http://127.0.0.1:9/b", secretEnv: HOOK_SECRET, format: slack }',
        `    - { name: inline, url: "https://hooks.example/c", secret: "${SECRET}" }`,
        '  retry: { initialDelay: 2s, maxAttempts: 3 }',
        '  timeout: 5s',
      ].join('\n'),
      { HOOK_SECRET: SECRET },
    );
    assert.equal(n.consoleUrl, 'https://registry.example/');
    assert.deepEqual(n.webhooks.map((w) => [w.id, w.secret, w.format, w.events.length]), [
      ['ops', SECRET, 'json', 2],
      [n.webhooks[1].id, SECRET, 'slack', 11],
      ['inline', SECRET, 'json', 11],
    ]);
    assert.match(n.webhooks[1].id, /^url-[0-9a-f]{12}$/, 'an unnamed webhook is known by a hash of its URL');
    assert.deepEqual([n.retry, n.timeoutMs], [{ initialDelayMs: 2000, maxDelayMs: 3_600_000, maxAttempts: 3 }, 5000]);
    assert.deepEqual(load('').webhooks, [], 'no section, no webhooks');
  });

  it('refuses bad values, naming the key and never the secret', () => {
    const hook = (fields: string) => `notifications:\n  webhooks:\n    - { ${fields} }\n`;
    refused(hook(`url: "ftp://x", secret: "${SECRET}"`), /notifications\.webhooks\[0\]\.url must be an http:\/\/ or https:\/\/ URL/);
    refused(hook(`url: "https://hook:supersecret@x/in", secret: "${SECRET}"`), /notifications\.webhooks\[0\]\.url must not hold a user name or password/);
    refused(hook(`url: "https://x"`), /notifications\.webhooks\[0\] needs exactly one of secretFile, secretEnv or secret/);
    refused(hook(`url: "https://x", secret: "${SECRET}", secretEnv: X`), /needs exactly one of .*, got secret and secretEnv/);
    refused(hook('url: "https://x", secret: "short-one"'), /notifications\.webhooks\[0\]: the secret is 9 characters; a webhook secret needs at least 16/);
    refused(hook('url: "https://x", secretEnv: NOPE'), /notifications\.webhooks\[0\]\.secretEnv: the environment variable NOPE is not set/);
    refused(hook(`url: "https://x", secretFile: "${join(dir, 'missing')}"`), /notifications\.webhooks\[0\]\.secretFile: cannot read .*ENOENT/);
    refused(hook(`url: "https://x", secret: "${SECRET}", events: [change-request.aproved]`), /notifications\.webhooks\[0\]\.events: unknown event "change-request\.aproved"/);
    refused(hook(`url: "https://x", secret: "${SECRET}", format: xml`), /notifications\.webhooks\[0\]\.format must be json or slack/);
    refused(hook(`url: "https://x", secret: "${SECRET}", sercet: y`), /unknown key 'notifications\.webhooks\[0\]\.sercet'; did you mean 'notifications\.webhooks\[0\]\.secret'/);
    refused(`notifications:\n  webhooks:\n    - { name: a, url: "https://x", secret: "${SECRET}" }\n    - { name: a, url: "https://y", secret: "${SECRET}" }\n`, /webhooks\[1\]: a second webhook with the id 'a'/);
    refused('notifications: { retry: { maxDelay: 10ms } }\n', /notifications\.retry\.maxDelay must be at least 1s/);
    refused('notifications: { timeout: 10 }\n', /notifications\.timeout must be a duration with a unit/);
  });
});
