import { IncomingCall } from './call-context.js';
import { CodecId, type Codec } from './codec/codec.js';
import { errorBody, errorFromBody, remoteErrorBody } from './error-body.js';
import { RpcError } from './errors.js';
import { PendingCalls, type PendingCall } from './pending-calls.js';
import { nextPeerId } from './peer-id.js';
import type { ResolvedPeerOptions } from './options.js';
import type { Call, CallOptions, NotifyOptions, Peer } from './peer-types.js';
import { FrameType, type Frame, type HelloBody, type Metadata } from './protocol/frame.js';
import { PROTOCOL_VERSION } from './protocol/isorpc-protocol.js';
import type { StreamDecoder } from './protocol/length-prefix-decoder.js';
import type { Handler, Router } from './router.js';
import type { Transport } from './transport.js';
import { fromValueFrame, toValueFrame } from './value-frames.js';

type State = 'handshake' | 'open' | 'closed';
/** Who speaks first: the dialer sends Hello, the acceptor answers Welcome. */
export type Role = 'dialer' | 'acceptor';

/**
 * One end of a connection, symmetric: it makes calls (pending table, timeouts, cancellation) and
 * serves the calls of the other end through a router. Clients and the server's per-connection peers
 * are both instances of this class; the transport only moves frames.
 */
export class Connection implements Peer {
  readonly id = nextPeerId();
  readonly data: Record<string, unknown> = {};
  /** Resolves when the handshake is done; rejects if the connection closes first. */
  readonly ready: Promise<void>;
  private state: State = 'handshake';
  private readonly pending = new PendingCalls();
  private readonly incoming = new Map<number, IncomingCall>();
  private readonly streamDecoder: StreamDecoder | undefined;
  private remoteMaxFrameSize: number;
  private closeReason: RpcError | undefined;
  private closeListeners: Array<(reason: RpcError) => void> = [];
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private settleReady!: (error?: RpcError) => void;
  private readonly expire = (seq: number): void => this.expireCall(seq);

  constructor(
    private readonly transport: Transport,
    readonly role: Role,
    protected readonly router: Router,
    protected readonly options: ResolvedPeerOptions,
  ) {
    this.remoteMaxFrameSize = options.maxFrameSize;
    this.streamDecoder = transport.kind === 'stream' ? options.protocol.createStreamDecoder(options.maxFrameSize) : undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve());
    });
    this.ready.catch(() => undefined); // observed through connect() or call(); never an unhandled rejection
    if (options.handshakeTimeout > 0) {
      this.handshakeTimer = setTimeout(() => this.handshakeTimedOut(), options.handshakeTimeout);
      (this.handshakeTimer as { unref?: () => void }).unref?.();
    }
    transport.start({ onData: (data) => this.receive(data), onClose: (error) => this.transportClosed(error) });
    if (role === 'dialer') this.sendControl(FrameType.Hello, this.helloBody());
  }

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  get pendingCalls(): number {
    return this.pending.size;
  }

  /** Calls served right now. */
  get activeHandlers(): number {
    return this.incoming.size;
  }

  call<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Promise<Result> {
    return this.startCall(method, arg, options).promise as Promise<Result>;
  }

  go<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Call<Result> {
    return new AsyncCall<Result>(this, method, this.startCall(method, arg, options));
  }

  notify(method: string, arg?: unknown, options?: NotifyOptions): void {
    this.assertUsable();
    this.send(FrameType.Notify, 0, method, options?.metadata, 0, arg, this.options.codec, options?.transfer);
  }

  ping(options?: { timeout?: number }): Promise<number> {
    const started = Date.now();
    const { promise } = this.startCall('', undefined, options, FrameType.Ping);
    return promise.then(() => Date.now() - started);
  }

  close(): void {
    if (this.state === 'closed') return;
    this.sendGoAway(new RpcError('CLOSED', 'The peer closed the connection'));
    this.closeWith(new RpcError('CLOSED', 'The connection was closed locally (close() was called) before the reply arrived'));
  }

  onClose(listener: (reason: RpcError) => void): () => void {
    if (this.closeReason !== undefined) {
      listener(this.closeReason);
      return () => undefined;
    }
    this.closeListeners.push(listener);
    return () => {
      this.closeListeners = this.closeListeners.filter((l) => l !== listener);
    };
  }

  /** @internal Cancels outgoing call `seq`: tells the handler and rejects with `CANCELLED`. */
  cancelCall(seq: number): void {
    const call = this.pending.take(seq);
    if (call === undefined) return;
    this.trySendControl(FrameType.Cancel, undefined, seq);
    call.reject(new RpcError('CANCELLED', `The call to ${call.method} was cancelled by the caller`));
  }

  /** Closes the connection with `reason`: everything pending rejects with it, handlers are aborted. */
  protected closeWith(reason: RpcError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    if (this.handshakeTimer !== undefined) clearTimeout(this.handshakeTimer);
    this.transport.close();
    this.pending.rejectAll(reason);
    for (const ctx of this.incoming.values()) ctx.abort(reason);
    this.incoming.clear();
    this.settleReady(reason);
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener(reason);
  }

  private startCall(method: string, arg: unknown, options: CallOptions | undefined, type: FrameType = FrameType.Request) {
    const seq = this.state === 'open' ? this.pending.nextSequence() : 0;
    const promise: Promise<unknown> =
      this.state === 'handshake'
        ? this.ready.then(() => this.startCall(method, arg, options, type).promise)
        : new Promise((resolve, reject) => this.sendCall(seq, type, method, arg, options, resolve, reject));
    return { seq, promise };
  }

  private sendCall(
    seq: number,
    type: FrameType,
    method: string,
    arg: unknown,
    options: CallOptions | undefined,
    resolve: (value: unknown) => void,
    reject: (error: RpcError) => void,
  ): void {
    if (this.state === 'closed') return reject(this.closedError());
    const timeout = Math.min(Math.floor(options?.timeout ?? this.options.timeout), 0xffffffff);
    if (!(timeout >= 0)) return reject(new RpcError('BAD_REQUEST', `Invalid timeout ${String(options?.timeout)}: use milliseconds ≥ 0 (0 disables it)`));
    const signal = options?.signal;
    if (signal?.aborted) return reject(new RpcError('CANCELLED', `The call to ${method} was cancelled before it was sent`));
    const call: PendingCall = {
      method,
      resolve,
      reject,
      timer: undefined,
      timeoutError: timeout > 0 ? new RpcError('TIMEOUT', `The call to ${method} got no reply within ${timeout} ms; raise the timeout option or check the server`) : undefined,
      signal,
      onAbort: signal === undefined ? undefined : () => this.cancelCall(seq),
    };
    this.pending.add(seq, call, timeout, this.expire);
    if (signal !== undefined) signal.addEventListener('abort', call.onAbort!, { once: true });
    try {
      this.send(type, seq, method, options?.metadata, timeout, arg, this.options.codec, options?.transfer);
    } catch (error) {
      this.pending.take(seq);
      reject(RpcError.from(error, 'BAD_REQUEST'));
    }
  }

  private expireCall(seq: number): void {
    const call = this.pending.take(seq);
    if (call === undefined) return;
    this.trySendControl(FrameType.Cancel, undefined, seq);
    call.reject(call.timeoutError!);
  }

  private closedError(): RpcError {
    const reason = this.closeReason;
    return new RpcError('CLOSED', `The connection is closed${reason ? ` (${reason.code}: ${reason.message})` : ''}; connect again`, { cause: reason });
  }

  private assertUsable(): void {
    if (this.state === 'closed') throw this.closedError();
    if (this.state === 'handshake') throw new RpcError('UNAVAILABLE', 'The connection is still handshaking; await it before sending notifications');
  }

  // ── sending ────────────────────────────────────────────────────────────────────────────────

  /** Encodes and sends one frame. Throws RpcError: BAD_REQUEST (unencodable), FRAME_TOO_LARGE. */
  private send(type: FrameType, seq: number, method: string, metadata: Metadata | undefined, timeout: number, body: unknown, codec: Codec | undefined, transfer?: readonly object[]): void {
    if (this.transport.kind === 'value') {
      const frame: Frame = { type, seq, method, metadata, timeout, codec: CodecId.None, body };
      try {
        this.transport.send(toValueFrame(frame), transfer);
      } catch (error) {
        throw new RpcError('BAD_REQUEST', `Could not post the message for ${method || 'a reply'}: ${(error as Error).message}; send structured-cloneable data`, { cause: error });
      }
      return;
    }
    const activeCodec = codec ?? this.options.codec;
    let encoded: Uint8Array | undefined;
    if (body !== undefined) {
      try {
        encoded = activeCodec.encode(body);
      } catch (error) {
        throw new RpcError('BAD_REQUEST', `Could not encode the body for ${method || 'a reply'} with ${activeCodec.name}: ${(error as Error).message}; send plain data (objects, arrays, strings, numbers, Uint8Array)`, { cause: error });
      }
    }
    const forStream = this.transport.kind === 'stream';
    const frame: Frame = { type, seq, method, metadata, timeout, codec: activeCodec.id, body: undefined };
    const bytes = this.options.protocol.encodeFrame(frame, encoded, forStream);
    const size = forStream ? bytes.byteLength - 4 : bytes.byteLength;
    if (size > this.remoteMaxFrameSize) {
      throw new RpcError('FRAME_TOO_LARGE', `A frame of ${size} bytes for ${method || 'a reply'} exceeds the peer's limit of ${this.remoteMaxFrameSize} bytes; raise maxFrameSize on both peers or send less`);
    }
    this.transport.send(bytes);
  }

  private sendControl(type: FrameType, body: unknown, seq = 0): void {
    this.send(type, seq, '', undefined, 0, body, undefined);
  }

  private trySendControl(type: FrameType, body: unknown, seq = 0): void {
    if (this.state === 'closed') return;
    try {
      this.sendControl(type, body, seq);
    } catch {
      // A control frame that cannot be sent changes nothing for the caller.
    }
  }

  private sendGoAway(reason: RpcError): void {
    this.trySendControl(FrameType.GoAway, errorBody(reason));
  }

  private helloBody(): HelloBody {
    return { version: PROTOCOL_VERSION, maxFrameSize: this.options.maxFrameSize };
  }

  // ── receiving ──────────────────────────────────────────────────────────────────────────────

  private receive(data: unknown): void {
    if (this.state === 'closed') return;
    try {
      if (this.streamDecoder !== undefined) {
        for (const message of this.streamDecoder.decode(data as Uint8Array)) {
          this.receiveFrame(this.options.protocol.decodeFrame(message));
          if (this.closed) return;
        }
      } else if (this.transport.kind === 'message') {
        if (!(data instanceof Uint8Array)) throw new RpcError('PROTOCOL', 'Received a text message; isorpc sends binary messages only');
        if (data.byteLength > this.options.maxFrameSize) {
          throw new RpcError('FRAME_TOO_LARGE', `Received a frame of ${data.byteLength} bytes, over the limit of ${this.options.maxFrameSize} bytes; raise maxFrameSize on both peers or send smaller messages`);
        }
        this.receiveFrame(this.options.protocol.decodeFrame(data));
      } else {
        this.receiveFrame(fromValueFrame(data));
      }
    } catch (error) {
      const reason = RpcError.from(error, 'PROTOCOL');
      this.sendGoAway(reason);
      this.closeWith(reason);
    }
  }

  private receiveFrame(frame: Frame): void {
    if (this.state === 'handshake') return this.receiveHandshake(frame);
    switch (frame.type) {
      case FrameType.Request:
      case FrameType.Notify:
        return this.dispatch(frame);
      case FrameType.Response:
      case FrameType.Pong:
        return this.settle(frame, true);
      case FrameType.Error:
        return this.settle(frame, false);
      case FrameType.Cancel:
        return this.cancelIncoming(frame.seq);
      case FrameType.Ping:
        return this.sendControl(FrameType.Pong, undefined, frame.seq);
      case FrameType.GoAway:
        return this.closeWith(errorFromBody(this.decodeBody(frame)));
      default:
        throw new RpcError('PROTOCOL', `Malformed frame: unexpected frame type ${frame.type} after the handshake`);
    }
  }

  private receiveHandshake(frame: Frame): void {
    if (frame.type === FrameType.GoAway) return this.closeWith(errorFromBody(this.decodeBody(frame)));
    const expected = this.role === 'acceptor' ? FrameType.Hello : FrameType.Welcome;
    if (frame.type !== expected) throw new RpcError('PROTOCOL', `Malformed frame: expected a ${this.role === 'acceptor' ? 'Hello' : 'Welcome'} frame to open the connection, got type ${frame.type}`);
    const hello = this.decodeBody(frame) as Partial<HelloBody> | undefined;
    if (hello?.version !== PROTOCOL_VERSION) throw new RpcError('PROTOCOL', `The peer speaks isorpc protocol version ${String(hello?.version)}; this side speaks ${PROTOCOL_VERSION}`);
    if (typeof hello.maxFrameSize === 'number' && hello.maxFrameSize > 0) this.remoteMaxFrameSize = hello.maxFrameSize;
    if (this.role === 'acceptor') this.send(FrameType.Welcome, 0, '', undefined, 0, this.helloBody(), this.options.codecs.get(frame.codec));
    this.state = 'open';
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.settleReady();
  }

  private handshakeTimedOut(): void {
    const reason = new RpcError(
      this.role === 'dialer' ? 'UNAVAILABLE' : 'TIMEOUT',
      `The isorpc handshake did not complete within ${this.options.handshakeTimeout} ms; is the other side an isorpc ${this.role === 'dialer' ? 'server' : 'client'}?`,
    );
    this.sendGoAway(reason);
    this.closeWith(reason);
  }

  /** Decodes a frame body with the codec named in its header. Throws RpcError('BAD_REQUEST'). */
  private decodeBody(frame: Frame): unknown {
    if (frame.body === undefined || frame.codec === CodecId.None) return frame.body;
    const codec = this.options.codecs.get(frame.codec);
    if (codec === undefined) throw new RpcError('BAD_REQUEST', `The body uses codec id ${frame.codec}, which this side does not know; use msgpack or json, or register the codec on both sides`);
    try {
      return codec.decode(frame.body as Uint8Array);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `The body could not be decoded with ${codec.name}: ${(error as Error).message}`, { cause: error });
    }
  }

  private settle(frame: Frame, ok: boolean): void {
    const call = this.pending.take(frame.seq);
    if (call === undefined) return; // a late reply to a call that timed out or was cancelled
    let body: unknown;
    try {
      body = this.decodeBody(frame);
    } catch (error) {
      return call.reject(new RpcError('PROTOCOL', `The reply to ${call.method} could not be decoded: ${(error as Error).message}`, { cause: error }));
    }
    if (ok) call.resolve(body);
    else call.reject(errorFromBody(body));
  }

  private dispatch(frame: Frame): void {
    const isRequest = frame.type === FrameType.Request;
    const replyCodec = this.options.codecs.get(frame.codec);
    const handler = this.router.lookup(frame.method);
    if (handler === undefined) {
      if (isRequest) this.replyError(frame.seq, replyCodec, new RpcError('NOT_FOUND', `No method "${frame.method}" is registered on the other side; check the service and method name (they are case-sensitive)`));
      return;
    }
    let arg: unknown;
    try {
      arg = this.decodeBody(frame);
    } catch (error) {
      if (isRequest) this.replyError(frame.seq, replyCodec, RpcError.from(error, 'BAD_REQUEST'));
      return;
    }
    const ctx = new IncomingCall(this, frame.seq, frame.method, frame.metadata, frame.timeout);
    if (isRequest) this.incoming.set(frame.seq, ctx);
    void this.invoke(handler, arg, ctx, isRequest, replyCodec);
  }

  private cancelIncoming(seq: number): void {
    const ctx = this.incoming.get(seq);
    if (ctx === undefined) return;
    this.incoming.delete(seq);
    ctx.abort(new RpcError('CANCELLED', `The caller cancelled its call to ${ctx.method}`));
  }

  private async invoke(handler: Handler, arg: unknown, ctx: IncomingCall, isRequest: boolean, codec: Codec | undefined): Promise<void> {
    let result: unknown;
    let failed = false;
    try {
      result = await handler(arg, ctx);
    } catch (error) {
      failed = true;
      result = error;
    }
    ctx.release();
    // Only reply while this call is still wanted: not after a cancel, a deadline or a close.
    if (!isRequest || this.incoming.get(ctx.seq) !== ctx) return;
    this.incoming.delete(ctx.seq);
    if (ctx.aborted) return;
    if (failed) return this.replyError(ctx.seq, codec, remoteErrorBody(result, this.options.exposeStack));
    try {
      this.send(FrameType.Response, ctx.seq, '', undefined, 0, result, codec);
    } catch (error) {
      const reason = RpcError.from(error);
      const code = reason.code === 'FRAME_TOO_LARGE' ? 'FRAME_TOO_LARGE' : 'INTERNAL';
      this.replyError(ctx.seq, codec, new RpcError(code, `The reply of ${ctx.method} could not be sent: ${reason.message}`));
    }
  }

  private replyError(seq: number, codec: Codec | undefined, error: RpcError | ReturnType<typeof remoteErrorBody>): void {
    const body = error instanceof RpcError ? errorBody(error) : error;
    try {
      this.send(FrameType.Error, seq, '', undefined, 0, body, codec);
    } catch {
      // The handler's `data` may be what could not be encoded: send the error without it.
      this.trySendControl(FrameType.Error, { code: body.code, message: body.message, remoteCode: body.remoteCode }, seq);
    }
  }

  private transportClosed(error: RpcError | undefined): void {
    this.closeWith(error ?? new RpcError('CLOSED', 'The connection was closed by the other side'));
  }
}

/** The handle `go()` returns. */
class AsyncCall<Result> implements Call<Result> {
  reply: Result | undefined;
  error: RpcError | undefined;
  readonly done: Promise<Call<Result>>;
  private readonly seq: number;

  constructor(
    private readonly connection: Connection,
    readonly method: string,
    started: { seq: number; promise: Promise<unknown> },
  ) {
    this.seq = started.seq;
    this.done = started.promise.then(
      (reply) => {
        this.reply = reply as Result;
        return this;
      },
      (error: unknown) => {
        this.error = RpcError.from(error);
        return this;
      },
    );
  }

  cancel(): void {
    this.connection.cancelCall(this.seq);
  }
}
