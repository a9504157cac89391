/**
 * Serialises writes to one subject inside this process, as Confluent locks a
 * subject while it registers: a compatibility check and the write it
 * justifies happen without another write to the subject in between.
 */
export class SubjectLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(subject: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(subject) ?? Promise.resolve();
    const current = previous.then(() => work());
    const tail = current.catch(() => undefined);
    this.tails.set(subject, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(subject) === tail) this.tails.delete(subject);
    }
  }
}
