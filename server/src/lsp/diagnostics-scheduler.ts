// Decides when diagnostics are computed and published. Changes to a document are coalesced into
// one run on the next turn of the event loop; a run reads the document's current version and
// publishes synchronously, so a result for an old version can never follow a newer one.

export class DiagnosticsScheduler<D = unknown> {
  private readonly pending = new Map<string, NodeJS.Immediate>();
  private readonly published = new Map<string, number>();

  constructor(
    /** the current version's diagnostics; undefined when the document is no longer open */
    private readonly compute: (uri: string) => { version: number; diagnostics: D[] } | undefined,
    private readonly publish: (uri: string, version: number | undefined, diagnostics: D[]) => void,
    private readonly onError: (uri: string, error: unknown) => void = () => undefined,
  ) {}

  /** `again`: publish even when this version was published already (its surroundings changed). */
  schedule(uri: string, again = false): void {
    if (again) this.published.delete(uri);
    if (this.pending.has(uri)) return;
    this.pending.set(uri, setImmediate(() => this.run(uri)));
  }

  /** Runs a pending computation now (a request that needs fresh findings may call it). */
  flush(uri: string): void {
    if (this.pending.has(uri)) this.run(uri);
  }

  /** The document was closed: drop what is pending and clear what was published. */
  forget(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer) clearImmediate(timer);
    this.pending.delete(uri);
    if (this.published.delete(uri)) this.publish(uri, undefined, []);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearImmediate(timer);
    this.pending.clear();
  }

  private run(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer) clearImmediate(timer);
    this.pending.delete(uri);
    let result: { version: number; diagnostics: D[] } | undefined;
    try {
      result = this.compute(uri);
    } catch (e) {
      this.onError(uri, e);
      return;
    }
    if (!result || this.published.get(uri) === result.version) return;
    this.published.set(uri, result.version);
    this.publish(uri, result.version, result.diagnostics);
  }
}
