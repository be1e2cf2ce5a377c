import { RpcError } from '../errors.js';
import { MAX_TIMER_MS } from './pending-calls.js';
import type { Metadata } from '../core/peer-types.js';
import type { Peer } from '../core/peer-types.js';
import type { SendCredit } from './streams/send-credit.js';
import type { StreamReceiver } from './streams/stream-receiver.js';

const NO_METADATA: Readonly<Metadata> = Object.freeze({});

/** What a handler knows about the call it serves: its second argument. */
export interface CallContext {
  /** The called method, e.g. `'Arith.add'`. */
  readonly method: string;
  /** Request metadata sent by the caller (empty object when none). */
  readonly metadata: Readonly<Metadata>;
  /** The connection the call came from; `ctx.peer.call(...)` calls back into the caller. */
  readonly peer: Peer;
  /** When the caller stops waiting, in ms since the epoch (`Date.now()` clock); `undefined` if never. */
  readonly deadline: number | undefined;
  /** Fires when the caller cancels, its deadline passes or the connection closes; `reason` is an RpcError. */
  readonly signal: AbortSignal;
  /** True once the call was cancelled, timed out or lost its connection. */
  readonly aborted: boolean;
  /** Milliseconds left before the caller's deadline (`Infinity` when it has none, 0 once passed). */
  remaining(): number;
  /**
   * Adds metadata to the reply; the caller reads it with the `onMetadata` call option. Sent with the
   * reply (or error), and on a stream with its first item and with its end.
   */
  setResponseMetadata(metadata: Metadata): void;
}

/** A handler's context as middleware sees it: the argument can be read and replaced. */
export interface ServerCallContext extends CallContext {
  /** The decoded argument; middleware may replace it before calling `next()`. */
  arg: unknown;
}

/**
 * The context of one incoming call. The AbortSignal is created only when a handler reads `signal`,
 * so handlers that never look at it cost no AbortController and no timer.
 */
export class IncomingCall implements ServerCallContext {
  readonly method: string;
  readonly metadata: Readonly<Metadata>;
  readonly peer: Peer;
  readonly deadline: number | undefined;
  arg: unknown;
  /** @internal */
  readonly seq: number;
  /** @internal The request's FrameFlag bits. */
  readonly flags: number;
  /** @internal Metadata to send with the reply. */
  responseMetadata: Metadata | undefined;
  /** @internal The streamed argument, when the caller sends one. */
  argStream: StreamReceiver<unknown> | undefined;
  /** @internal Room the caller has for reply items, when it reads a stream. */
  replyCredit: SendCredit | undefined;
  private controller: AbortController | undefined;
  private abortReason: RpcError | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(peer: Peer, seq: number, flags: number, method: string, metadata: Metadata | undefined, timeoutMs: number) {
    this.peer = peer;
    this.seq = seq;
    this.flags = flags;
    this.method = method;
    this.metadata = metadata ?? NO_METADATA;
    this.deadline = timeoutMs > 0 ? Date.now() + timeoutMs : undefined;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortReason !== undefined) this.controller.abort(this.abortReason);
      else if (this.deadline !== undefined) this.armDeadline();
    }
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.abortReason !== undefined;
  }

  remaining(): number {
    return this.deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.deadline - Date.now());
  }

  setResponseMetadata(metadata: Metadata): void {
    this.responseMetadata = { ...this.responseMetadata, ...metadata };
  }

  /** @internal Takes the metadata not sent yet. */
  takeResponseMetadata(): Metadata | undefined {
    const metadata = this.responseMetadata;
    this.responseMetadata = undefined;
    return metadata;
  }

  /** @internal Aborts the handler's signal and its streams (first reason wins). */
  abort(reason: RpcError): void {
    if (this.abortReason !== undefined) return;
    this.abortReason = reason;
    this.release();
    this.replyCredit?.stop();
    this.argStream?.fail(reason);
    this.controller?.abort(reason);
  }

  /** @internal Releases the deadline timer once the call is over. */
  release(): void {
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
  }

  private armDeadline(): void {
    this.deadlineTimer = setTimeout(
      (ctx: IncomingCall) => ctx.abort(new RpcError('TIMEOUT', `The caller's deadline for ${ctx.method} has passed`)),
      Math.min(this.remaining(), MAX_TIMER_MS),
      this,
    );
    (this.deadlineTimer as { unref?: () => void }).unref?.();
  }
}
