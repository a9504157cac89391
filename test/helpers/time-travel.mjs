// Loaded into a real `schemagate serve` process by tests (node --import) that
// need its wall clock to move: each SIGUSR2 moves the process's Date 49 hours
// ahead, past a default 48 h canary window, without waiting for it. Nothing
// in the product reads this; the server under test runs unchanged.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const RealDate = Date;
  let offset = 0;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
  process.on('SIGUSR2', () => {
    offset += 49 * 3_600_000;
  });
}
