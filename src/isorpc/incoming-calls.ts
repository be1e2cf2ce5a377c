import { IncomingCall } from '../calls/call-context.js';
import { CallTable } from '../calls/call-table.js';
import type { Codec } from '../codec/codec.js';
import { errorBody, toRemoteError } from '../calls/error-body.js';
import { isRpcError, RpcError } from '../errors.js';
import { controlFrame, type Link } from './link.js';
import { reportReject } from '../core/plugin.js';
import { FrameFlag, FrameType, type Frame } from './frame.js';
import { InFlight } from '../calls/in-flight.js';
import type { HandlerLookup } from '../calls/server-protocol.js';
import { pumpWithCredit } from '../calls/streams/pump.js';
import { SendCredit } from '../calls/streams/send-credit.js';
import { isAsyncIterable, StreamReceiver } from '../calls/streams/stream-receiver.js';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Stops an iterable a handler returned but whose items will never be sent. */
function discard(iterable: unknown): void {
  if (!isAsyncIterable(iterable)) return;
  void Promise.resolve(iterable[Symbol.asyncIterator]().return?.()).catch(() => undefined);
}

/**
 * The handler's half of a connection: dispatches requests and notifications through the router,
 * replies, streams replies under the caller's credit and feeds streamed arguments to handlers.
 */
export class IncomingCalls {
  private readonly calls = new CallTable<IncomingCall>();
  /** Handlers running now, requests and notifications; bounded by `maxInFlightCalls`. */
  readonly running = new InFlight();
  /** Takes a token per call under the server's rate limits; absent without them. */
  private readonly withinRate: (() => boolean) | undefined;

  constructor(
    private readonly link: Link,
    private readonly router: HandlerLookup,
  ) {
    this.withinRate = link.options.limiter?.forConnection();
  }

  /** Calls being served right now. */
  get size(): number {
    return this.calls.size;
  }

  /** Handles a frame addressed to the handler side. */
  receive(frame: Frame): void {
    switch (frame.type) {
      case FrameType.Request:
      case FrameType.Notify:
        return this.dispatch(frame);
      case FrameType.Cancel:
        return this.cancel(frame.seq);
      case FrameType.StreamCredit:
        this.calls.get(frame.seq)?.replyCredit?.grant(this.link.decodeBody(frame) as number);
        return;
      case FrameType.ArgItem:
        return this.argumentItem(frame);
      case FrameType.ArgEnd:
        this.calls.get(frame.seq)?.argStream?.end();
        return;
    }
  }

  /** Aborts every running handler (the connection closed). */
  abortAll(reason: RpcError): void {
    for (const ctx of this.calls.values()) ctx.abort(reason);
    this.calls.clear();
  }

  private dispatch(frame: Frame): void {
    const isRequest = frame.type === FrameType.Request;
    const codec = this.link.options.codecs.get(frame.codec);
    const limit = this.link.options.maxInFlightCalls;
    if (limit > 0 && this.running.count >= limit) {
      // Refused without decoding or dispatching; the connection stays up. Notifications are dropped.
      return this.refuse(frame, codec, 'maxInFlightCalls', `The peer is already serving ${limit} calls from this connection (maxInFlightCalls); retry later or make fewer concurrent calls`);
    }
    if (this.withinRate !== undefined && !this.withinRate()) {
      return this.refuse(frame, codec, 'rateLimit', 'Too many calls per second (the server\'s rate limit); slow down and retry later');
    }
    const handler = this.router.lookup(frame.method);
    if (handler === undefined) {
      if (isRequest) this.replyError(frame.seq, codec, new RpcError('NOT_FOUND', `No method "${frame.method}" is registered on the other side; check the service and method name (they are case-sensitive)`));
      return;
    }
    const ctx = new IncomingCall(this.link.peer, frame.seq, frame.flags, frame.method, frame.metadata, frame.timeout);
    if (isRequest && (frame.flags & FrameFlag.ArgStream) !== 0) {
      const seq = frame.seq;
      ctx.argStream = new StreamReceiver(this.link.options.streamWindow, {
        credit: (count) => this.link.trySend(controlFrame(FrameType.ArgCredit, seq, count)),
        cancel: () => undefined, // the caller stops once the call settles
      });
      ctx.arg = ctx.argStream;
    } else {
      try {
        ctx.arg = this.link.decodeBody(frame);
      } catch (error) {
        if (isRequest) this.replyError(frame.seq, codec, RpcError.from(error, 'BAD_REQUEST'));
        return;
      }
    }
    if (isRequest && (frame.flags & FrameFlag.StreamReply) !== 0) {
      ctx.replyCredit = new SendCredit();
      ctx.replyCredit.grant(this.link.remoteStreamWindow);
    }
    if (isRequest) this.calls.set(ctx);
    this.running.start();
    let result: unknown;
    try {
      result = this.router.run(handler, ctx);
    } catch (error) {
      return this.conclude(ctx, error, true, isRequest, codec);
    }
    // A handler that answered synchronously is replied to now: no async function, no extra tick.
    if (isThenable(result)) void this.settle(ctx, result, isRequest, codec);
    else this.conclude(ctx, result, false, isRequest, codec);
  }

  /** Waits for an asynchronous handler, then replies. */
  private async settle(ctx: IncomingCall, pending: PromiseLike<unknown>, isRequest: boolean, codec: Codec | undefined): Promise<void> {
    let result: unknown;
    let failed = false;
    try {
      result = await pending;
    } catch (error) {
      failed = true;
      result = error;
    }
    this.conclude(ctx, result, failed, isRequest, codec);
  }

  /** Replies with the handler's outcome; the call counts as running until the reply (or its stream) is done. */
  private conclude(ctx: IncomingCall, result: unknown, failed: boolean, isRequest: boolean, codec: Codec | undefined): void {
    let streaming: Promise<void> | undefined;
    try {
      streaming = this.answer(ctx, result, failed, isRequest, codec);
    } finally {
      if (streaming === undefined) this.running.end();
    }
    if (streaming !== undefined) void streaming.then(this.endRunning, this.endRunning);
  }

  private readonly endRunning = (): void => this.running.end();

  /** Replies with the handler's outcome; returns the pump when the reply is a stream. */
  private answer(ctx: IncomingCall, result: unknown, failed: boolean, isRequest: boolean, codec: Codec | undefined): Promise<void> | undefined {
    // Reply only while the call is still wanted: not after a cancel, a deadline or a close.
    if (!isRequest || this.calls.get(ctx.seq) !== ctx || ctx.aborted) {
      ctx.release();
      if (!failed) discard(result);
      return undefined;
    }
    if (failed) {
      this.finish(ctx);
      this.replyError(ctx.seq, codec, result, ctx);
      return undefined;
    }
    if (isAsyncIterable(result)) {
      if ((ctx.flags & FrameFlag.StreamReply) !== 0) return this.pumpReply(ctx, result, codec);
      this.finish(ctx);
      discard(result);
      this.replyError(ctx.seq, codec, new RpcError('BAD_REQUEST', `${ctx.method} returns a stream: read it with stream() (or a typed proxy) instead of call()`), ctx);
      return undefined;
    }
    this.finish(ctx);
    this.reply(ctx, FrameType.Response, result, codec);
    return undefined;
  }

  /** Sends the handler's items as the caller grants credit, then StreamEnd. */
  private async pumpReply(ctx: IncomingCall, source: AsyncIterable<unknown>, codec: Codec | undefined): Promise<void> {
    // Not after an abort either: a handler whose deadline passed may still yield, but nothing is sent.
    const wanted = (): boolean => this.calls.get(ctx.seq) === ctx && !ctx.aborted;
    try {
      const finished = await pumpWithCredit(source, ctx.replyCredit!, wanted, (item) => {
        try {
          this.link.send({ type: FrameType.StreamItem, flags: 0, seq: ctx.seq, method: '', metadata: ctx.takeResponseMetadata(), timeout: 0, codec: 0, body: item }, codec);
        } catch (error) {
          throw unsendable('An item', ctx.method, error);
        }
      });
      if (!finished) return;
      this.finish(ctx);
      this.reply(ctx, FrameType.StreamEnd, undefined, codec);
    } catch (error) {
      // The generator threw, or an item could not be sent.
      if (!wanted()) return;
      this.finish(ctx);
      this.replyError(ctx.seq, codec, error, ctx);
    }
  }

  private argumentItem(frame: Frame): void {
    const ctx = this.calls.get(frame.seq);
    if (ctx?.argStream === undefined) return;
    try {
      ctx.argStream.push(this.link.decodeBody(frame));
    } catch (error) {
      const reason = RpcError.from(error, 'BAD_REQUEST');
      this.finish(ctx);
      ctx.abort(reason);
      this.replyError(ctx.seq, this.link.options.codecs.get(frame.codec), reason, ctx);
    }
  }

  /** Answers a request a limit refused with RESOURCE_EXHAUSTED, and tells the plugins. */
  private refuse(frame: Frame, codec: Codec | undefined, limit: 'maxInFlightCalls' | 'rateLimit', message: string): void {
    const reason = new RpcError('RESOURCE_EXHAUSTED', message);
    reportReject(this.link.options.plugins, this.link.peer, reason, limit);
    if (frame.type === FrameType.Request) this.replyError(frame.seq, codec, reason);
  }

  private cancel(seq: number): void {
    const ctx = this.calls.get(seq);
    if (ctx === undefined) return;
    this.calls.delete(seq);
    ctx.abort(new RpcError('CANCELLED', `The caller cancelled its call to ${ctx.method}`));
  }

  private finish(ctx: IncomingCall): void {
    this.calls.delete(ctx.seq);
    ctx.release();
  }

  private reply(ctx: IncomingCall, type: FrameType, body: unknown, codec: Codec | undefined): void {
    const frame: Frame = { type, flags: 0, seq: ctx.seq, method: '', metadata: ctx.takeResponseMetadata(), timeout: 0, codec: 0, body };
    try {
      this.link.send(frame, codec);
    } catch (error) {
      this.replyError(ctx.seq, codec, unsendable('The reply', ctx.method, error));
    }
  }

  /**
   * Replies with an error. RpcErrors keep their code (handler errors were already turned into REMOTE
   * by the router, so these are isorpc's own or a middleware's); anything else becomes REMOTE.
   */
  private replyError(seq: number, codec: Codec | undefined, error: unknown, ctx?: IncomingCall): void {
    const body = errorBody(isRpcError(error) ? error : toRemoteError(error), this.link.options.exposeStack);
    try {
      this.link.send(controlFrame(FrameType.Error, seq, body, ctx?.takeResponseMetadata()), codec);
    } catch {
      // The handler's `data` may be what could not be encoded: send the error without it.
      this.link.trySend(controlFrame(FrameType.Error, seq, { code: body.code, message: body.message, remoteCode: body.remoteCode }));
    }
  }
}

/**
 * What the caller hears when a reply or stream item of `method` could not be sent: the server's own
 * failure (`INTERNAL`, or `FRAME_TOO_LARGE`), naming why, not the `BAD_REQUEST` the encoder raised.
 */
function unsendable(what: string, method: string, error: unknown): RpcError {
  const reason = RpcError.from(error);
  return new RpcError(reason.code === 'FRAME_TOO_LARGE' ? 'FRAME_TOO_LARGE' : 'INTERNAL', `${what} of ${method} could not be sent: ${reason.message}`);
}
