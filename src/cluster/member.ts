/**
 * One server of a cluster as a cluster client sees it: its metadata, its lazily opened connection,
 * its circuit breaker and this client's statistics (calls in flight, peak-EWMA latency).
 */
import type { Client } from '../client/client.js';
import { RpcError } from '../errors.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';
import { locationOf, weightOf, type GeoLocation, type ServiceMetadata } from './service-metadata.js';
import type { ClusterMember } from './selectors/selector.js';

/** Opens a connection to an address (dial, or an in-process transport); `metadata` is the server's. */
export type OpenClient = (address: string, metadata: ServiceMetadata) => Promise<Client>;

/** @internal Settings every member of one cluster client shares. */
export interface MemberSettings {
  open: OpenClient;
  breaker: CircuitBreakerOptions | false;
  /** Time constant of the latency average's decay, in ms. */
  latencyDecay: number;
  /** Longest a retired member keeps its connection for calls still in flight, in ms. */
  drainTimeout: number;
}

/** @internal */
export class Member implements ClusterMember {
  metadata: ServiceMetadata = {};
  weight = 1;
  location: GeoLocation | undefined;
  pending = 0;
  /** Set once discovery no longer lists the server: never chosen again, closed when idle. */
  retired = false;
  private readonly breaker: CircuitBreaker | undefined;
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private ewma = 0;
  private stamp = 0;
  private drainTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly address: string,
    metadata: ServiceMetadata,
    private readonly settings: MemberSettings,
  ) {
    this.setMetadata(metadata);
    this.breaker = settings.breaker === false ? undefined : createCircuitBreaker(settings.breaker);
  }

  setMetadata(metadata: ServiceMetadata): void {
    this.metadata = metadata;
    this.weight = weightOf(metadata);
    this.location = locationOf(metadata);
  }

  get circuit(): CircuitState {
    return this.breaker?.state ?? 'closed';
  }

  get connected(): boolean {
    return this.client !== undefined && !this.client.closed;
  }

  /** Whether a call may be sent here now. */
  eligible(): boolean {
    return !this.retired && (this.breaker?.allows() ?? true);
  }

  latency(now: number = Date.now()): number {
    return this.ewma * Math.exp(-Math.max(0, now - this.stamp) / this.settings.latencyDecay);
  }

  /** Peak-EWMA (Finagle's): a slower sample replaces the average at once, faster ones pull it down over time. */
  private observe(rtt: number, now: number): void {
    const w = Math.exp(-Math.max(0, now - this.stamp) / this.settings.latencyDecay);
    this.ewma = rtt > this.ewma ? rtt : this.ewma * w + rtt * (1 - w);
    this.stamp = now;
  }

  /** An attempt starts here. */
  begin(): void {
    this.pending++;
    this.breaker?.onRequest();
  }

  /** The attempt got an answer (a reply or an application error) after `rtt` ms. */
  answered(rtt: number): void {
    this.breaker?.onSuccess();
    this.observe(rtt, Date.now());
  }

  /** The attempt failed without an answer (unreachable, lost, timed out). */
  failed(): void {
    this.breaker?.onFailure();
  }

  /** The attempt was cancelled: no verdict on the server. */
  abandoned(): void {
    this.breaker?.onIgnored();
  }

  /** The attempt is over, whatever its outcome. */
  end(): void {
    this.pending--;
    if (this.retired && this.pending === 0) this.close();
  }

  /** The open connection, opening it first if needed. Rejects with `UNAVAILABLE` when it cannot be opened. */
  connection(): Promise<Client> {
    if (this.client !== undefined && !this.client.closed) return Promise.resolve(this.client);
    if (this.connecting !== undefined) return this.connecting;
    let opening: Promise<Client>;
    try {
      opening = this.settings.open(this.address, this.metadata);
    } catch (error) {
      opening = Promise.reject(error);
    }
    this.connecting = opening.then(
      (client) => {
        this.connecting = undefined;
        if (this.retired && this.pending === 0) {
          client.close();
          throw new RpcError('UNAVAILABLE', `${this.address} left the cluster while connecting`);
        }
        this.client = client;
        client.onClose(() => {
          if (this.client === client) this.client = undefined;
        });
        return client;
      },
      (error: unknown) => {
        this.connecting = undefined;
        // Whatever stopped the connection (refused, closed during the handshake), nothing was sent.
        const reason = RpcError.from(error, 'UNAVAILABLE');
        throw reason.code === 'UNAVAILABLE' ? reason : new RpcError('UNAVAILABLE', `Could not connect to ${this.address}: ${reason.message}`, { cause: reason });
      },
    );
    return this.connecting;
  }

  /** Discovery dropped the server: stop choosing it, close once its calls finish (or after `drainTimeout`). */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    if (this.pending === 0) return this.close();
    this.drainTimer = setTimeout(() => this.close(), this.settings.drainTimeout);
    (this.drainTimer as { unref?: () => void }).unref?.();
  }

  /** Closes the connection now; calls in flight on it reject with `CLOSED`. */
  close(): void {
    if (this.drainTimer !== undefined) clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    this.client?.close();
    this.client = undefined;
  }
}
