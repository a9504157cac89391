#!/usr/bin/env node
// The published bin runs the TypeScript sources directly through tsx, so
// `npm install` is all a user needs: there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
