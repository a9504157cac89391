/** One self-rewriting status line on stderr, only on a terminal, at most ten times a second. */
export class Progress {
  private last = 0;
  private shown = false;

  constructor(private readonly enabled: boolean) {}

  update(text: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r\u001b[2K${text}`);
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\u001b[2K');
    this.shown = false;
  }
}
