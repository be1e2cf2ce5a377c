/**
 * One attempt of a cluster call on one server: connect if needed, send, and turn the outcome into
 * what the fail modes and the circuit breaker need to know. An attempt never rejects.
 */
import type { Metadata } from '../core/peer-types.js';
import { RpcError } from '../errors.js';
import { abortReason } from './backoff.js';
import { isServerFailure, type AttemptFailure, type FailMode } from './fail-modes.js';
import type { Member } from './member.js';
import type { SelectRequest } from './selectors/selector.js';

/** @internal A cluster call with its options resolved. */
export interface LogicalCall {
  readonly method: string;
  readonly arg: unknown;
  readonly request: SelectRequest;
  /** Aborts on the caller's cancel, the deadline, or the cluster client's close; its reason is an RpcError. */
  readonly signal: AbortSignal;
  /** `Date.now()` time by which the whole call (every attempt) must settle; undefined: none. */
  readonly deadline: number | undefined;
  /** Longest single attempt, in ms; undefined: up to the deadline. */
  readonly attemptTimeout: number | undefined;
  readonly metadata: Metadata | undefined;
  readonly transfer: readonly object[] | undefined;
  readonly idempotent: boolean;
  readonly fail: FailMode;
  readonly retries: number;
}

/** @internal */
export type AttemptOutcome = { ok: true; reply: unknown } | { ok: false; failure: AttemptFailure };

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** The timeout to give one attempt: the tighter of `attemptTimeout` and what is left of the deadline; 0 for none. */
function attemptTimeout(call: LogicalCall): number | RpcError {
  let limit = call.attemptTimeout ?? 0;
  if (call.deadline !== undefined) {
    const left = call.deadline - Date.now();
    if (left <= 0) return new RpcError('TIMEOUT', `The call to ${call.method} ran out of time before it could be sent`);
    limit = limit > 0 ? Math.min(limit, left) : left;
  }
  // A fraction of a millisecond must not round down to 0, which would mean "wait forever".
  return limit > 0 ? Math.max(1, Math.ceil(limit)) : 0;
}

/** Resolves like `promise`, or rejects with the abort reason as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Runs `call` once on `member` under `signal` (the call's own, or a child that a fail mode can cancel). */
export async function attempt(member: Member, call: LogicalCall, signal: AbortSignal): Promise<AttemptOutcome> {
  const timeout = attemptTimeout(call);
  if (timeout instanceof RpcError) return { ok: false, failure: { error: timeout, notSent: true } };
  member.begin();
  let started = now();
  let sent = false;
  try {
    const client = await raceAbort(member.connection(), signal);
    // Latency is the server's reply time: a first call's connection setup is not part of it.
    started = now();
    if (client.closed) throw new RpcError('CLOSED', `The connection to ${member.address} closed before the call to ${call.method} was sent`);
    sent = true;
    const reply = await client.call(call.method, call.arg, { timeout, signal, metadata: call.metadata, transfer: call.transfer });
    member.answered(now() - started);
    return { ok: true, reply };
  } catch (thrown) {
    const error = RpcError.from(thrown);
    // Cancelled by the caller, its deadline or a winning backup: no verdict on the server.
    if (error.code === 'CANCELLED' || signal.aborted) member.abandoned();
    else if (isServerFailure(error)) member.failed();
    else member.answered(now() - started);
    return { ok: false, failure: { error, notSent: !sent } };
  } finally {
    member.end();
  }
}

/** @internal A controller aborted with its parent's reason; `dispose()` detaches it from the parent. */
export function childController(parent: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose: () => undefined };
  }
  const onAbort = (): void => controller.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}
