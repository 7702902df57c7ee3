// Decides whether a crashed language server is started again: at most `maxRestarts` crashes
// within `windowMs`, then the extension stops trying and tells the user.

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly maxRestarts: number,
    private readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Records a crash at `now`; true when the server should be restarted. */
  crashed(now: number): boolean {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.maxRestarts;
  }

  get recentCrashes(): number {
    return this.crashes.length;
  }

  reset(): void {
    this.crashes = [];
  }
}
