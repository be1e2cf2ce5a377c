/**
 * Fail modes (what a cluster call does when a server fails) and the one rule for which failures are
 * safe to retry. The rule errs on the side of running a call at most once: a request that may have
 * reached a server is repeated only when the caller declared it idempotent.
 */
import type { RpcError } from '../errors.js';

/**
 * - `failfast`: one attempt; its error is the call's error.
 * - `failover`: retry on another server, up to `retries` times (the default).
 * - `failtry`: retry on the same server, up to `retries` times.
 * - `failbackup`: if the first server has not answered within `backupDelay`, send the same request to
 *   a second server; the first answer wins and the other request is cancelled.
 */
export type FailMode = 'failfast' | 'failover' | 'failtry' | 'failbackup';

/** The fail modes by name. */
export const FAIL_MODES: readonly FailMode[] = ['failfast', 'failover', 'failtry', 'failbackup'];

/** How an attempt failed, as far as retrying is concerned. */
export interface AttemptFailure {
  /** The attempt's error. */
  readonly error: RpcError;
  /**
   * True when the request certainly never left this process: the connection could not be opened, was
   * already closed when the call started, or no server was available. The core cannot yet tell
   * "closed before the request was written" from "closed after", so a CLOSED error on a connection
   * that was open at call time counts as possibly sent.
   */
  readonly notSent: boolean;
}

/**
 * Whether a failed attempt may be retried:
 * - `UNAVAILABLE` (could not connect, no server): always.
 * - `CLOSED`: when the request was not sent; otherwise only for `idempotent` calls (it may have run).
 * - `TIMEOUT`: only for `idempotent` calls (the server may still be running it).
 * - `REMOTE` and every other code: never (the server answered, or retrying cannot help).
 * A future `RESOURCE_EXHAUSTED` code (a server shedding load) would be retryable, after a backoff.
 */
export function isRetryable(failure: AttemptFailure, idempotent: boolean): boolean {
  switch (failure.error.code) {
    case 'UNAVAILABLE':
      return true;
    case 'CLOSED':
      return failure.notSent || idempotent;
    case 'TIMEOUT':
      return idempotent;
    default:
      return false;
  }
}

/** Whether an error says the server did not answer, which counts against its circuit breaker. */
export function isServerFailure(error: RpcError): boolean {
  return error.code === 'UNAVAILABLE' || error.code === 'CLOSED' || error.code === 'TIMEOUT' || error.code === 'PROTOCOL';
}
