#!/usr/bin/env node
// `npm test`: every *.test.ts under src/ and test/, run by node:test through tsx.
// Node 20 neither finds .ts test files by itself nor expands quoted globs, so
// the file list is built here; a run that finds no files fails loudly.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];
const files = [];
for (const root of roots) {
  if (root.endsWith('.test.ts')) {
    files.push(root);
    continue;
  }
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(join(entry.parentPath ?? entry.path, entry.name));
  }
}
files.sort();
if (files.length === 0) {
  console.error(`no test files found under ${roots.join(', ')}`);
  process.exit(1);
}
// A hung test fails after three minutes, and a file whose tests are done
// exits even if a failed test left a handle open: CI never waits forever.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=180000', '--test-force-exit', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
