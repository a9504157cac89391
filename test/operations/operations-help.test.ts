import assert from 'node:assert/strict';
import { it } from 'node:test';
import { cli } from '../helpers/cli.ts';

it('serve --help names every store, and backup, restore and migrate take the same store flags as serve', () => {
  const serve = cli(['serve', '--help']);
  assert.equal(serve.status, 0);
  assert.doesNotMatch(serve.stdout, /embedded SQLite store/);
  assert.match(serve.stdout, /PostgreSQL \(--store postgres:\/\/…\)/);
  assert.match(serve.stdout.replace(/\s+/g, ' '), /--store <spec> memory \| sqlite:<path> \| <path> \| postgres:\/\/user@host:5432\/db\[\?schema=name\]/);
  for (const command of ['backup', 'restore', 'migrate']) {
    const help = cli([command, '--help']);
    assert.equal(help.status, 0, command);
    for (const flag of ['--data-dir <dir>', '--store <spec>', '--config <file>', '--json']) assert.ok(help.stdout.includes(flag), `${command} ${flag}`);
  }
  assert.match(cli(['backup', '--help']).stdout, /pg_dump -Fc/);
  assert.match(cli(['migrate', '--help']).stdout, /--check/);
});
