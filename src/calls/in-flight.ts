/**
 * Counts the calls a peer is serving for the other side and tells waiters when none is left, so a
 * graceful drain waits on an event instead of polling.
 */
export class InFlight {
  /** Handlers running now. */
  count = 0;
  private waiters: Array<() => void> = [];

  start(): void {
    this.count++;
  }

  end(): void {
    if (--this.count > 0 || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once no handler runs (at once when none does). */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
