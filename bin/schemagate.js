#!/usr/bin/env node
// The installed package runs the compiled JavaScript in dist/ (built by
// `prepare`), with no TypeScript loader. In a checkout, where src/ sits
// beside dist/, it runs the sources through tsx instead, so an edit is never
// run against a stale build.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
