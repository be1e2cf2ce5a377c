import { RpcError } from '../errors.js';
import type { CallOptions, Metadata } from '../core/peer-types.js';
import { CallTable } from './call-table.js';
import type { SendCredit } from './streams/send-credit.js';
import type { StreamReceiver } from './streams/stream-receiver.js';

/** One outgoing call waiting for its reply. */
export interface PendingCall {
  /** The call's sequence number, its key in the table. */
  readonly seq: number;
  /** For error messages. */
  method: string;
  resolve(value: unknown): void;
  reject(error: RpcError): void;
  /** When the call times out (`performance.now()` ms); set by the table, undefined when untimed. */
  deadline: number | undefined;
  /** The call's timeout in ms (0 = none), for the TIMEOUT error made when it fires. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Receives reply items when the caller reads a stream. */
  stream: StreamReceiver<unknown> | undefined;
  /** Room the handler has for argument items, when the argument is a stream. */
  argCredit: SendCredit | undefined;
  onMetadata: ((metadata: Metadata) => void) | undefined;
  /** A stream without an explicit timeout is timed only until its first item arrives. */
  timedUntilFirstItem: boolean;
}

/** The longest timer JavaScript runs as asked (2³¹−1 ms, ~24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 0x7fffffff;

/**
 * The one table of outgoing calls: it owns sequence numbers, timeouts and teardown. A settled call is
 * always removed and its abort listener detached, so nothing outlives the call.
 *
 * Timeouts share one timer per table instead of one per call (a setTimeout and its clearTimeout cost
 * more than the rest of a small call): each call keeps a deadline, the timer is armed for the earliest
 * one, and when it fires it expires every call whose deadline has passed, then re-arms for the next.
 * It never fires early; a sweep scans the table, and sweeps are at least SWEEP_GAP_MS apart.
 */
export class PendingCalls {
  private readonly calls = new CallTable<PendingCall>();
  private nextSeq = 1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer fires (`performance.now()` ms). */
  private armedFor = Number.POSITIVE_INFINITY;
  private onTimeout: ((seq: number) => void) | undefined;
  private readonly sweepNow = (): void => this.sweep();

  /** Calls waiting for a reply. */
  get size(): number {
    return this.calls.size;
  }

  /** Reserves the next sequence number (1 … 2³²−1, then wraps, skipping numbers still in use). */
  nextSequence(): number {
    let seq = this.nextSeq;
    while (this.calls.has(seq)) seq = seq === 0xffffffff ? 1 : seq + 1;
    this.nextSeq = seq === 0xffffffff ? 1 : seq + 1;
    return seq;
  }

  /** Adds a call under its `seq`; `onTimeout(seq)` runs when its `timeoutMs` pass without a reply (0: never). */
  add(call: PendingCall, onTimeout: (seq: number) => void): void {
    this.calls.set(call);
    if (call.timeoutMs <= 0) return;
    this.onTimeout = onTimeout;
    const deadline = performance.now() + Math.min(call.timeoutMs, MAX_TIMER_MS);
    call.deadline = deadline;
    if (deadline < this.armedFor) this.arm(deadline);
  }

  /** The call waiting under `seq`, left in place. */
  get(seq: number): PendingCall | undefined {
    return this.calls.get(seq);
  }

  /** Lifts the timeout of a call (a stream whose first item arrived and had no explicit timeout). */
  clearTimer(call: PendingCall): void {
    call.deadline = undefined;
  }

  /** Removes and returns the call, releasing its abort listener and argument pump. */
  take(seq: number): PendingCall | undefined {
    const call = this.calls.get(seq);
    if (call === undefined) return undefined;
    // The timer stays armed when the table empties: a call after call (one in flight) then costs no
    // setTimeout/clearTimeout pair; a sweep that finds nothing simply does not re-arm.
    this.calls.delete(seq);
    if (call.onAbort !== undefined) call.signal!.removeEventListener('abort', call.onAbort);
    call.argCredit?.stop();
    return call;
  }

  /** Rejects every call with `error`, at once. */
  rejectAll(error: RpcError): void {
    for (const call of this.calls.values()) this.take(call.seq)?.reject(error);
    this.disarm();
  }

  private arm(deadline: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = deadline;
    this.timer = setTimeout(this.sweepNow, Math.max(0, Math.ceil(deadline - performance.now())));
    // Pending calls must not keep a Node process alive on their own.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private sweep(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const expired: number[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const call of this.calls.values()) {
      const deadline = call.deadline;
      if (deadline === undefined) continue;
      if (deadline <= now) expired.push(call.seq);
      else if (deadline < next) next = deadline;
    }
    for (const seq of expired) this.onTimeout?.(seq);
    // onTimeout may have armed the timer again (a call made from a rejection handler).
    if (next !== Number.POSITIVE_INFINITY && next < this.armedFor) this.arm(Math.max(next, now + SWEEP_GAP_MS));
  }
}

/** The least time between two sweeps: bounds the scanning when many calls expire at different times. */
const SWEEP_GAP_MS = 1;

/** The error of a call whose timeout fired. Built only then: capturing a stack costs several µs. */
export function timeoutError(call: PendingCall): RpcError {
  return new RpcError('TIMEOUT', `The call to ${call.method} got no reply within ${call.timeoutMs} ms; raise the timeout option or check the server`);
}

/**
 * Why a call of `method` cannot start with these per-call options, or `undefined`: a timeout that is
 * not a number ≥ 0 (`timeout` is the one in effect, the option or the default), a `signal` that is not
 * an AbortSignal, or one already aborted. Every peer kind asks this before it sends anything.
 */
export function unstartable(method: string, options: CallOptions | undefined, timeout: number): RpcError | undefined {
  if (!(timeout >= 0)) return new RpcError('BAD_REQUEST', `Invalid timeout ${String(options?.timeout)}: use milliseconds ≥ 0 (0 disables it)`);
  const signal = options?.signal;
  if (signal === undefined) return undefined;
  // JavaScript callers can pass anything (null too).
  if (typeof (signal as AbortSignal | null)?.addEventListener !== 'function') return new RpcError('BAD_REQUEST', `The signal option of ${method} is not an AbortSignal: pass controller.signal, or nothing`);
  if (signal.aborted) return new RpcError('CANCELLED', `The call to ${method} was cancelled before it was sent`);
  return undefined;
}
