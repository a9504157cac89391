import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { errors, errorTable, RegistryError, statusOf } from './errors.ts';

describe('the error table', () => {
  it('matches docs/errors.md row for row, in both directions', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const documented = doc
      .split('\n')
      .map((line) => /^\| (\d+) \| (\d+) \| `(\w+)` \| (.+) \|$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`);
    const table = Object.entries(errorTable).map(([name, spec]) => `${spec.code} ${statusOf(spec.code)} ${name} ${spec.title}`);
    assert.deepEqual([...documented].sort(), [...table].sort());
  });

  it('uses each code once', () => {
    const codes = Object.values(errorTable).map((spec) => spec.code);
    assert.equal(new Set(codes).size, codes.length);
  });

  it('derives the HTTP status from the code', () => {
    assert.equal(statusOf(409), 409);
    assert.equal(statusOf(40401), 404);
    assert.equal(statusOf(42209), 422);
    const err = errors.versionSoftDeleted('orders', 3);
    assert.ok(err instanceof RegistryError);
    assert.equal(err.status, 404);
    assert.equal(err.errorCode, 40406);
    assert.equal(err.message, "Subject 'orders' Version 3 was soft deleted. Set permanent=true to delete permanently");
  });
});
