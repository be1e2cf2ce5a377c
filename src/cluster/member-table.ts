/**
 * The servers a cluster client may use, kept in step with discovery: inactive servers and servers of
 * other groups are left out, servers that disappear are retired (drained, then disconnected), and
 * the list stays sorted by address so selectors see a stable order.
 */
import type { RpcError } from '../errors.js';
import { abortReason } from './backoff.js';
import type { ServiceInstance } from './discovery.js';
import { Member, type MemberSettings } from './member.js';
import { isActive } from './service-metadata.js';

/** @internal */
export class MemberTable {
  /** Resolves once discovery has reported for the first time. */
  readonly ready: Promise<void>;
  private readonly byAddress = new Map<string, Member>();
  private sorted: Member[] = [];
  private markReady!: () => void;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly settings: MemberSettings,
    private readonly group: string | undefined,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** The current members, sorted by address. */
  get members(): readonly Member[] {
    return this.sorted;
  }

  /** Applies a full set from discovery. */
  apply(instances: readonly ServiceInstance[]): void {
    const wanted = new Map<string, ServiceInstance>();
    for (const instance of instances) {
      if (!isActive(instance.metadata)) continue;
      if (this.group !== undefined && instance.metadata.group !== this.group) continue;
      wanted.set(instance.address, instance);
    }
    for (const [address, member] of this.byAddress) {
      if (wanted.has(address)) continue;
      this.byAddress.delete(address);
      member.retire();
    }
    for (const [address, instance] of wanted) {
      const member = this.byAddress.get(address);
      if (member === undefined) this.byAddress.set(address, new Member(address, instance.metadata, this.settings));
      else member.setMetadata(instance.metadata);
    }
    this.sorted = [...this.byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    this.markReady();
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves at the next update from discovery or after `ms`, whichever comes first; rejects when
   * `signal` aborts. A call that found no server waits here before trying again.
   */
  waitForChange(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const finish = (error?: RpcError): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const wake = (): void => finish();
      const onAbort = (): void => finish(abortReason(signal));
      const timer = setTimeout(wake, ms);
      (timer as { unref?: () => void }).unref?.();
      this.waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Retires and disconnects every member. */
  closeAll(): void {
    for (const member of this.byAddress.values()) {
      member.retire();
      member.close();
    }
    this.byAddress.clear();
    this.sorted = [];
  }
}
