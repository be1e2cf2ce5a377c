import { errorFromBody } from '../calls/error-body.js';
import { isRpcError, RpcError } from '../errors.js';
import { controlFrame, type Link } from './link.js';
import { runChain, type ClientMiddleware, type OutgoingCall } from '../calls/middleware.js';
import { PendingCalls, timeoutError, unstartable, type PendingCall } from '../calls/pending-calls.js';
import type { CallOptions, NotifyOptions } from '../core/peer-types.js';
import { FrameFlag, FrameType, type Frame, type Metadata } from './frame.js';
import { SendCredit } from '../calls/streams/send-credit.js';
import { pumpWithCredit } from '../calls/streams/pump.js';
import { isAsyncIterable, StreamReceiver, type RpcStream } from '../calls/streams/stream-receiver.js';

/** What a stream's pending call resolves with at StreamEnd: no extra item to deliver. */
const END_OF_STREAM = Symbol('end of stream');

/**
 * The caller's half of a connection: the pending-call table, timeouts, cancellation, reading reply
 * streams and sending argument streams under the handler's credit.
 */
export class OutgoingCalls {
  readonly pending = new PendingCalls();
  readonly middleware: ClientMiddleware[] = [];
  private readonly expire = (seq: number): void => this.expireCall(seq);

  constructor(private readonly link: Link) {}

  call(method: string, arg: unknown, options: CallOptions | undefined): Promise<unknown> {
    if (this.middleware.length === 0) return this.start(method, arg, options, FrameType.Request, undefined);
    const call: OutgoingCall = { method, arg, options: { ...options }, peer: this.link.peer };
    return runChain(this.middleware, call, () => this.start(call.method, call.arg, call.options, FrameType.Request, undefined));
  }

  stream(method: string, arg: unknown, options: CallOptions | undefined): RpcStream<unknown> {
    let seq = 0;
    const receiver = new StreamReceiver<unknown>(this.link.options.streamWindow, {
      credit: (count) => this.link.trySend(controlFrame(FrameType.StreamCredit, seq, count)),
      cancel: () => this.cancel(seq, 'the consumer stopped reading the stream'),
    });
    // Errors reach the consumer through the receiver; the promise itself is not observed.
    this.start(method, arg, options, FrameType.Request, receiver, (allocated) => (seq = allocated)).catch(() => undefined);
    return receiver;
  }

  ping(timeout: number | undefined): Promise<unknown> {
    return this.start('', undefined, { timeout }, FrameType.Ping, undefined);
  }

  notify(method: string, arg: unknown, options: NotifyOptions | undefined): void {
    const frame: Frame = { type: FrameType.Notify, flags: 0, seq: 0, method, metadata: options?.metadata, timeout: 0, codec: 0, body: arg };
    this.link.send(frame, undefined, options?.transfer);
  }

  /** Gives up on call `seq`: tells the handler and rejects with `CANCELLED`. */
  cancel(seq: number, why = 'the caller cancelled it'): void {
    const call = this.pending.take(seq);
    if (call === undefined) return;
    this.link.trySend(controlFrame(FrameType.Cancel, seq));
    call.reject(new RpcError('CANCELLED', `The call to ${call.method} was cancelled: ${why}`));
  }

  /** Handles a frame addressed to the caller side. */
  receive(frame: Frame): void {
    switch (frame.type) {
      case FrameType.Response:
      case FrameType.Pong:
        return this.settle(frame, true);
      case FrameType.Error:
        return this.settle(frame, false);
      case FrameType.StreamItem:
        return this.item(frame);
      case FrameType.StreamEnd:
        return this.settle(frame, true);
      case FrameType.ArgCredit:
        this.pending.get(frame.seq)?.argCredit?.grant(this.link.decodeBody(frame) as number);
        return;
    }
  }

  rejectAll(reason: RpcError): void {
    this.pending.rejectAll(reason);
  }

  private start(
    method: string,
    arg: unknown,
    options: CallOptions | undefined,
    type: FrameType,
    receiver: StreamReceiver<unknown> | undefined,
    onSeq?: (seq: number) => void,
  ): Promise<unknown> {
    const seq = this.pending.nextSequence();
    onSeq?.(seq);
    return new Promise((resolve, reject) => this.send(seq, type, method, arg, options, resolve, reject, receiver));
  }

  private send(
    seq: number,
    type: FrameType,
    method: string,
    arg: unknown,
    options: CallOptions | undefined,
    resolve: (value: unknown) => void,
    reject: (error: RpcError) => void,
    receiver: StreamReceiver<unknown> | undefined,
  ): void {
    const explicitTimeout = options?.timeout;
    const timeout = Math.min(Math.floor(explicitTimeout ?? this.link.options.timeout), 0xffffffff);
    const fail = receiver === undefined ? reject : (error: RpcError) => (receiver.fail(error), reject(error));
    const refused = unstartable(method, options, timeout);
    if (refused !== undefined) return fail(refused);
    const signal = options?.signal;
    const argIsStream = isAsyncIterable(arg);
    const call: PendingCall = {
      seq,
      method,
      resolve: receiver === undefined ? resolve : (value) => (value !== END_OF_STREAM && receiver.push(value), receiver.end(), resolve(undefined)),
      reject: fail,
      deadline: undefined,
      timeoutMs: timeout,
      signal,
      onAbort: signal === undefined ? undefined : () => this.cancel(seq),
      stream: receiver,
      argCredit: argIsStream ? new SendCredit() : undefined,
      onMetadata: options?.onMetadata,
      // A stream without an explicit timeout is only timed until its first item.
      timedUntilFirstItem: receiver !== undefined && explicitTimeout === undefined,
    };
    this.pending.add(call, this.expire);
    if (signal !== undefined) signal.addEventListener('abort', call.onAbort!, { once: true });
    const flags = (argIsStream ? FrameFlag.ArgStream : 0) | (receiver === undefined ? 0 : FrameFlag.StreamReply);
    // The timeout travels as the handler's deadline, except the implicit first-item timeout of streams.
    const deadline = call.timedUntilFirstItem ? 0 : timeout;
    const frame: Frame = { type, flags, seq, method, metadata: options?.metadata, timeout: deadline, codec: 0, body: argIsStream ? undefined : arg };
    try {
      this.link.send(frame, undefined, options?.transfer);
    } catch (error) {
      this.pending.take(seq);
      return call.reject(RpcError.from(error, 'BAD_REQUEST'));
    }
    if (argIsStream) {
      call.argCredit!.grant(this.link.remoteStreamWindow);
      void this.pumpArgument(seq, call, arg);
    }
  }

  /** Sends the items of a streamed argument as the handler grants credit, then ArgEnd. */
  private async pumpArgument(seq: number, call: PendingCall, source: AsyncIterable<unknown>): Promise<void> {
    const wanted = (): boolean => this.pending.get(seq) === call;
    try {
      const finished = await pumpWithCredit(source, call.argCredit!, wanted, (item) =>
        this.link.send({ type: FrameType.ArgItem, flags: 0, seq, method: '', metadata: undefined, timeout: 0, codec: 0, body: item }),
      );
      if (finished) this.link.trySend(controlFrame(FrameType.ArgEnd, seq));
    } catch (error) {
      // The source threw, or an item could not be sent: the call fails with that, the handler is told.
      if (!wanted()) return;
      this.pending.take(seq);
      this.link.trySend(controlFrame(FrameType.Cancel, seq));
      call.reject(isRpcError(error) ? error : new RpcError('CANCELLED', `The streamed argument of ${call.method} threw, so the call was cancelled: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
    }
  }

  private expireCall(seq: number): void {
    const call = this.pending.take(seq);
    if (call === undefined) return;
    this.link.trySend(controlFrame(FrameType.Cancel, seq));
    call.reject(timeoutError(call));
  }

  private deliverMetadata(call: PendingCall, metadata: Metadata | undefined): boolean {
    if (metadata === undefined || call.onMetadata === undefined) return true;
    try {
      call.onMetadata(metadata);
      return true;
    } catch (error) {
      call.reject(new RpcError('INTERNAL', `The onMetadata callback of ${call.method} threw: ${(error as Error).message}`, { cause: error }));
      return false;
    }
  }

  private item(frame: Frame): void {
    const call = this.pending.get(frame.seq);
    if (call?.stream === undefined) return;
    if (call.timedUntilFirstItem) {
      call.timedUntilFirstItem = false;
      this.pending.clearTimer(call);
    }
    let value: unknown;
    try {
      value = this.link.decodeBody(frame);
    } catch (error) {
      return this.cancelWith(frame.seq, new RpcError('PROTOCOL', `An item of ${call.method} could not be decoded: ${(error as Error).message}`, { cause: error }));
    }
    if (!this.deliverMetadata(call, frame.metadata)) return this.cancelWith(frame.seq, undefined);
    call.stream.push(value);
  }

  private cancelWith(seq: number, reason: RpcError | undefined): void {
    const call = this.pending.take(seq);
    if (call === undefined) return;
    this.link.trySend(controlFrame(FrameType.Cancel, seq));
    if (reason !== undefined) call.reject(reason);
  }

  private settle(frame: Frame, ok: boolean): void {
    const call = this.pending.take(frame.seq);
    if (call === undefined) return; // a late reply to a call that timed out or was cancelled
    let body: unknown;
    try {
      body = this.link.decodeBody(frame);
    } catch (error) {
      return call.reject(new RpcError('PROTOCOL', `The reply to ${call.method} could not be decoded: ${(error as Error).message}`, { cause: error }));
    }
    if (!this.deliverMetadata(call, frame.metadata)) return;
    if (!ok) call.reject(errorFromBody(body));
    else call.resolve(frame.type === FrameType.StreamEnd ? END_OF_STREAM : body);
  }
}
