import { RpcError } from '../errors.js';
import type { Metadata } from '../core/peer-types.js';
import type { SendCredit } from './streams/send-credit.js';
import type { StreamReceiver } from './streams/stream-receiver.js';

/** One outgoing call waiting for its reply. */
export interface PendingCall {
  /** For error messages. */
  method: string;
  resolve(value: unknown): void;
  reject(error: RpcError): void;
  timer: ReturnType<typeof setTimeout> | undefined;
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
 * The one table of outgoing calls: it owns sequence numbers, timers and teardown. A settled call is
 * always removed, its timer cleared and its abort listener detached, so nothing outlives the call.
 */
export class PendingCalls {
  private readonly calls = new Map<number, PendingCall>();
  private nextSeq = 1;

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

  add(seq: number, call: PendingCall, onTimeout: (seq: number) => void): void {
    if (call.timeoutMs > 0) {
      call.timer = setTimeout(onTimeout, Math.min(call.timeoutMs, MAX_TIMER_MS), seq);
      // Pending calls must not keep a Node process alive on their own.
      (call.timer as { unref?: () => void }).unref?.();
    }
    this.calls.set(seq, call);
  }

  /** The call waiting under `seq`, left in place. */
  get(seq: number): PendingCall | undefined {
    return this.calls.get(seq);
  }

  /** Lifts the timeout of a call (a stream whose first item arrived and had no explicit timeout). */
  clearTimer(call: PendingCall): void {
    if (call.timer !== undefined) clearTimeout(call.timer);
    call.timer = undefined;
  }

  /** Removes and returns the call, releasing its timer, abort listener and argument pump. */
  take(seq: number): PendingCall | undefined {
    const call = this.calls.get(seq);
    if (call === undefined) return undefined;
    this.calls.delete(seq);
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.onAbort !== undefined) call.signal!.removeEventListener('abort', call.onAbort);
    call.argCredit?.stop();
    return call;
  }

  /** Rejects every call with `error`, at once. */
  rejectAll(error: RpcError): void {
    for (const seq of [...this.calls.keys()]) this.take(seq)?.reject(error);
  }
}

/** The error of a call whose timeout fired. Built only then: capturing a stack costs several µs. */
export function timeoutError(call: PendingCall): RpcError {
  return new RpcError('TIMEOUT', `The call to ${call.method} got no reply within ${call.timeoutMs} ms; raise the timeout option or check the server`);
}
