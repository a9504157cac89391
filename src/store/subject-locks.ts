/**
 * Serialises work on subjects inside this process, as Confluent locks a
 * subject while it registers: a check and the write it justifies happen
 * without another write to those subjects in between. Work on several
 * subjects waits for whatever was queued on any of them before it; since
 * every call queues on all its subjects at once, two calls never wait for
 * each other.
 */
export class SubjectLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(subjects: readonly string[], work: () => Promise<T>): Promise<T> {
    const ordered = [...new Set(subjects)];
    const previous = ordered.map((s) => this.tails.get(s) ?? Promise.resolve());
    const current = Promise.all(previous).then(() => work());
    const tail = current.catch(() => undefined);
    for (const subject of ordered) this.tails.set(subject, tail);
    try {
      return await current;
    } finally {
      for (const subject of ordered) if (this.tails.get(subject) === tail) this.tails.delete(subject);
    }
  }
}
