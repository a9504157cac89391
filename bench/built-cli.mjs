// The schemagate command as the installed package runs it: the compiled
// JavaScript in dist/ (npm run build), no TypeScript loader. bin/schemagate.js
// in a checkout runs the sources through tsx instead, whose loading costs
// would dominate a start-up time.
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
