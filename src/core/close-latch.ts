import { RpcError } from '../errors.js';

/**
 * The closed state every peer kind shares: a reason set once, listeners told once. A listener added
 * after the close runs at once with the reason, so nobody misses it.
 */
export class CloseLatch {
  private reasonValue: RpcError | undefined;
  private listeners: Array<(reason: RpcError) => void> = [];

  /** Why the peer closed, once it has. */
  get reason(): RpcError | undefined {
    return this.reasonValue;
  }

  /** True once the latch settled with a reason. */
  get closed(): boolean {
    return this.reasonValue !== undefined;
  }

  /** Runs `listener` once with the close reason; returns an unsubscribe function. */
  onClose(listener: (reason: RpcError) => void): () => void {
    if (this.reasonValue !== undefined) {
      listener(this.reasonValue);
      return () => undefined;
    }
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((other) => other !== listener);
    };
  }

  /**
   * Settles the latch with `reason`, runs `teardown` (already seen as closed, so re-entrant closes
   * stop here), then tells every listener. False, and nothing run, if it was closed already.
   */
  close(reason: RpcError, teardown?: () => void): boolean {
    if (this.reasonValue !== undefined) return false;
    this.reasonValue = reason;
    teardown?.();
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener(reason);
    return true;
  }

  /** The error for using a closed peer, naming why it closed and what to do. */
  closedError(what = 'The connection'): RpcError {
    const reason = this.reasonValue;
    return new RpcError('CLOSED', `${what} is closed${reason ? ` (${reason.code}: ${reason.message})` : ''}; connect again`, { cause: reason });
  }
}
