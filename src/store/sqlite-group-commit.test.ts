import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { GroupCommit } from './sqlite-group-commit.ts';

describe('group commit', () => {
  const setup = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');
    return { db, commits: new GroupCommit(db), insert: (n: number) => () => insert.run(n), count: () => (db.prepare('SELECT COUNT(*) AS c FROM t').get() as { c: number }).c };
  };

  it('rolls back a failing write alone: the others of its batch are committed and answered', async () => {
    const { commits, insert, count } = setup();
    const results = await Promise.allSettled([commits.run(insert(1)), commits.run(insert(1)), commits.run(insert(2))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.equal(count(), 2);
  });

  it('fails the whole batch when SQLite rolled back the transaction itself (disk full, I/O): nothing is written and nothing after runs alone', async () => {
    const { db, commits, insert, count } = setup();
    const lost = () => {
      // What SQLite does on SQLITE_FULL or SQLITE_IOERR inside a transaction: the whole transaction is gone.
      db.exec('ROLLBACK');
      throw new Error('database or disk is full');
    };
    const results = await Promise.allSettled([commits.run(insert(1)), commits.run(lost), commits.run(insert(2))]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    assert.equal(count(), 0);
    // The connection is usable again for the next batch.
    assert.equal(await commits.run(insert(3)).then(() => count()), 1);
  });
});
