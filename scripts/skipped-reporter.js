// A node:test reporter that writes one JSON line per skipped test or suite.
// node:test's own summary counts skipped tests but not skipped suites, so a
// run whose conformance suites could not find their data says "skipped 0";
// run-tests.js reads these lines and prints what was skipped and why.
export default async function* skippedReporter(source) {
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.skip !== undefined) {
      const { name, file, skip, details } = event.data;
      yield `${JSON.stringify({ name, file, reason: typeof skip === 'string' ? skip : '', suite: details?.type === 'suite' })}\n`;
    }
  }
}
