/**
 * Selectors choose the server for a call among the eligible ones (active, in the client's group,
 * circuit not open, not already tried by this call). One file per select mode beside this one.
 */
import type { CircuitState } from '../circuit-breaker.js';
import type { GeoLocation, ServiceMetadata } from '../service-metadata.js';

/** What a selector sees of a server. */
export interface ClusterMember {
  /** The address clients dial. */
  readonly address: string;
  /** The server's metadata from discovery. */
  readonly metadata: ServiceMetadata;
  /** From the `weight` metadata; 1 when absent. */
  readonly weight: number;
  /** From the `latitude`/`longitude` metadata. */
  readonly location: GeoLocation | undefined;
  /** Calls this client has in flight on the server. */
  readonly pending: number;
  /** Peak-EWMA of this client's reply latency to the server, in ms, decayed to now; 0 before any reply. */
  latency(now?: number): number;
  /** The state of its circuit breaker. */
  readonly circuit: CircuitState;
  /** True while this client holds an open connection to it. */
  readonly connected: boolean;
}

/** The call a server is being chosen for. */
export interface SelectRequest {
  /** The cluster client's service. */
  readonly service: string;
  /** The method called. */
  readonly method: string;
  /** The call's argument. */
  readonly arg: unknown;
  /** The call's `key` option (consistent hashing uses it when given). */
  readonly key: string | undefined;
}

/** Chooses one of `candidates` (never empty, sorted by address), or `undefined` to refuse. */
export interface Selector {
  /** A name for logs and errors. */
  readonly name: string;
  /** Chooses a server for one call. */
  select(candidates: readonly ClusterMember[], request: SelectRequest): ClusterMember | undefined;
}

/** A selector written as a plain function. */
export type SelectorFunction = (candidates: readonly ClusterMember[], request: SelectRequest) => ClusterMember | undefined;

/** The built-in select modes by name. `closest` needs the client's `location` option. */
export type SelectMode = 'random' | 'round-robin' | 'weighted-round-robin' | 'consistent-hash' | 'least-pending' | 'peak-ewma' | 'closest';

/** A source of uniform numbers in [0, 1); `Math.random` unless a seeded one is given (tests). */
export type RandomSource = () => number;
