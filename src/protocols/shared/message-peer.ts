import type { IncomingCall } from '../../calls/call-context.js';
import { goWithSignal, joinSignals } from '../../calls/call-handle.js';
import { InFlight } from '../../calls/in-flight.js';
import { atCaller, RpcError } from '../../errors.js';
import { CloseLatch } from '../../core/close-latch.js';
import { nextPeerId } from '../../core/peer-id.js';
import type { Call, CallOptions, NotifyOptions, Peer } from '../../core/peer-types.js';
import { PendingCalls, timeoutError, unstartable, type PendingCall } from '../../calls/pending-calls.js';
import { serveCall, type CallOutcome, type IncomingRequest } from '../../calls/serve-call.js';
import type { HandlerLookup } from '../../calls/server-protocol.js';
import { runChain, type ClientMiddleware, type OutgoingCall } from '../../calls/middleware.js';
import type { Metadata } from '../../core/peer-types.js';
import { PeerRoot, withCallerKit } from '../../calls/peer-kit.js';
import { isAsyncIterable, StreamReceiver, type RpcStream } from '../../calls/streams/stream-receiver.js';

const NO_METADATA: Readonly<Metadata> = Object.freeze({});

/**
 * The method `ping()` calls. JSON-RPC reserves `rpc.*` for the protocol, so no application handler
 * has it; any reply, even "method not found", proves a round trip.
 */
export const PING_METHOD = 'rpc.ping';


/**
 * A {@link Peer} for the protocols that have no isorpc handshake or frames (JSON-RPC, Go net/rpc, the
 * HTTP gateway). It owns what every protocol shares: the pending-call table with its timeouts and
 * cancellation, `go()` handles, the handlers running for the other side (aborted on close), and close
 * listeners. A subclass says how a request goes out and reads its transport, calling `settleCall`
 * for replies and `serve` for requests.
 */
export abstract class MessagePeer extends /* @__PURE__ */ withCallerKit(PeerRoot) implements Peer {
  readonly id = nextPeerId();
  readonly data: Record<string, unknown> = {};
  /** These protocols have no handshake, so no handshake metadata and no handshake credentials. */
  readonly remoteMetadata: Readonly<Metadata> = NO_METADATA;
  readonly auth: unknown = undefined;
  abstract readonly remoteAddress: string | undefined;
  private readonly middleware: ClientMiddleware[] = [];
  protected readonly pending = new PendingCalls();
  private readonly running = new Set<IncomingCall>();
  private readonly serving = new InFlight();
  private readonly pings = new WeakSet<PendingCall>();
  private readonly latch = new CloseLatch();
  private readonly expire = (seq: number): void => this.endCall(seq, 'timeout');

  constructor(
    protected readonly router: HandlerLookup,
    protected readonly defaultTimeout: number,
  ) {
    super();
  }

  /** Sends one-way `method`; throws `CLOSED` on a closed peer, like the isorpc connection. */
  abstract notify(method: string, arg?: unknown, options?: NotifyOptions): void;

  /** Sends the request of call `seq`. Throws an RpcError when it cannot (the call then rejects with it). */
  protected abstract sendRequest(seq: number, method: string, arg: unknown, options: CallOptions | undefined): void;

  /** Releases the transport; called once, when the peer closes. */
  protected abstract closeTransport(): void;

  /**
   * Sends the ping registered as call `seq`; by default a call to {@link PING_METHOD}, whose any reply
   * settles it. Protocols with a ping of their own (arpc) send that and settle `seq` on its answer.
   */
  protected sendPing(seq: number, options: CallOptions | undefined): void {
    this.sendRequest(seq, PING_METHOD, undefined, options);
  }

  /** The caller gave up on call `seq` (cancelled or timed out). Protocols that can tell the other side do. */
  protected abandonCall(_seq: number): void {}

  get closed(): boolean {
    return this.latch.closed;
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  async call<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Promise<Result> {
    try {
      if (this.middleware.length === 0) return (await this.startCall(method, arg, options).promise) as Result;
      const call: OutgoingCall = { method, arg, options: { ...options }, peer: this };
      return (await runChain(this.middleware, call, () => this.startCall(call.method, call.arg, call.options).promise)) as Result;
    } catch (error) {
      throw atCaller(error);
    }
  }

  /**
   * These protocols carry no streams: the call is made as a plain one and its reply is the stream's
   * single item, so typed proxies work here too. A streamed argument is refused.
   */
  stream<Item = unknown>(method: string, arg?: unknown, options?: CallOptions): RpcStream<Item> {
    const controller = new AbortController();
    const receiver = new StreamReceiver<Item>(1, { credit: () => undefined, cancel: () => controller.abort() });
    if (isAsyncIterable(arg)) {
      receiver.fail(new RpcError('BAD_REQUEST', `A streamed argument for ${method} needs the isorpc protocol (tcp://, ws://); this protocol sends one value per call`));
      return receiver;
    }
    const signal = joinSignals(controller.signal, options?.signal);
    // Straight to the wire, as on isorpc connections: client middleware wraps call() and go(), not streams.
    let reply: Promise<unknown>;
    try {
      reply = this.startCall(method, arg, { ...options, signal }).promise;
    } catch (error) {
      reply = Promise.reject(error);
    }
    reply.then(
      (value) => {
        receiver.push(value as Item);
        receiver.end();
      },
      (error: unknown) => receiver.fail(RpcError.from(error)),
    );
    return receiver;
  }

  clientMiddleware(): ClientMiddleware[] {
    return this.middleware;
  }

  /** Like call(), middleware included; `cancel()` aborts it through its signal (as on isorpc connections). */
  go<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Call<Result> {
    return goWithSignal<Result>((m, a, o) => this.call(m, a, o), method, arg, options);
  }

  ping(options?: { timeout?: number }): Promise<number> {
    const started = Date.now();
    return this.startCall(PING_METHOD, undefined, options, true).promise.then(() => Date.now() - started);
  }

  close(): void {
    this.closeWith(new RpcError('CLOSED', 'The connection was closed locally (close() was called) before the reply arrived'));
  }

  onClose(listener: (reason: RpcError) => void): () => void {
    return this.latch.onClose(listener);
  }

  /** Registers call `seq` and sends it; `anyReply` makes an error reply resolve too (for ping). */
  protected startCall(method: string, arg: unknown, options: CallOptions | undefined, anyReply = false): { seq: number; promise: Promise<unknown> } {
    let seq = 0;
    const promise = new Promise<unknown>((resolve, reject) => {
      if (this.closed) return reject(this.closedError());
      const timeout = Math.floor(options?.timeout ?? this.defaultTimeout);
      const refused = unstartable(method, options, timeout);
      if (refused !== undefined) return reject(refused);
      const signal = options?.signal;
      seq = this.pending.nextSequence();
      const call: PendingCall = {
        seq,
        method,
        resolve,
        reject,
        deadline: undefined,
        timeoutMs: timeout,
        signal,
        onAbort: signal === undefined ? undefined : () => this.endCall(seq, 'cancel'),
        stream: undefined,
        argCredit: undefined,
        onMetadata: options?.onMetadata,
        timedUntilFirstItem: false,
      };
      if (anyReply) this.pings.add(call);
      this.pending.add(call, this.expire);
      if (signal !== undefined) signal.addEventListener('abort', call.onAbort!, { once: true });
      try {
        if (anyReply) this.sendPing(seq, options);
        else this.sendRequest(seq, method, arg, options);
      } catch (error) {
        this.pending.take(seq);
        reject(RpcError.from(error, 'BAD_REQUEST'));
      }
    });
    return { seq, promise };
  }

  /**
   * Settles call `seq` with a reply, first handing the reply's metadata (protocols that carry it) to
   * the call's `onMetadata`; false when no such call is pending (late, or never made).
   */
  protected settleCall(seq: number, outcome: CallOutcome): boolean {
    const call = this.pending.take(seq);
    if (call === undefined) return false;
    if (outcome.metadata !== undefined) call.onMetadata?.(outcome.metadata);
    if (outcome.ok) call.resolve(outcome.value);
    else if (this.pings.has(call)) call.resolve(undefined);
    else call.reject(outcome.error);
    return true;
  }

  /** Runs the handler for a call from the other side; the outcome is for the subclass to send. */
  protected serve(request: IncomingRequest): Promise<CallOutcome> {
    this.serving.start();
    return serveCall(this.router, this, request, this.running).finally(() => this.serving.end());
  }

  /** Resolves once no call from the other side is being served (a graceful drain waits on it). */
  idle(): Promise<void> {
    return this.serving.idle();
  }

  /** Closes with `reason`: every pending call rejects with it, every running handler's signal aborts. */
  protected closeWith(reason: RpcError): void {
    this.latch.close(reason, () => {
      this.closeTransport();
      this.pending.rejectAll(reason);
      for (const ctx of this.running) ctx.abort(reason);
      this.running.clear();
    });
  }

  /** The error for using a closed peer, naming why it closed. */
  protected closedError(): RpcError {
    return this.latch.closedError();
  }

  private endCall(seq: number, why: 'timeout' | 'cancel'): void {
    const call = this.pending.take(seq);
    if (call === undefined) return;
    this.abandonCall(seq);
    call.reject(why === 'timeout' ? timeoutError(call) : new RpcError('CANCELLED', `The call to ${call.method} was cancelled by the caller`));
  }
}
