/**
 * The sending half of credit-based flow control: how many more items the receiver has room for.
 * A producer awaits `ready()` before each item; it resolves at once while credit remains, so a fast
 * receiver costs no promise per item.
 */
export class SendCredit {
  private available = 0;
  private waiter: ((open: boolean) => void) | undefined;
  private stopped = false;

  /** The receiver made room for `count` more items. */
  grant(count: number): void {
    if (!(count > 0)) return;
    this.available += count;
    this.wake(true);
  }

  /** `true` when an item may be sent now; otherwise a promise of whether sending may continue. */
  ready(): boolean | Promise<boolean> {
    if (this.stopped) return false;
    if (this.available > 0) return true;
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Spends one unit; call it right before sending an item. */
  spend(): void {
    this.available--;
  }

  /** Ends the flow (cancelled, closed, finished): a waiting producer is released with `false`. */
  stop(): void {
    this.stopped = true;
    this.wake(false);
  }

  private wake(open: boolean): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(open);
  }
}
