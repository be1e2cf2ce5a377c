import { goWithSignal } from '../calls/call-handle.js';
import type { PreparedFrame } from './broadcast.js';
import { CodecId, type Codec } from '../codec/codec.js';
import { errorBody, errorFromBody } from '../calls/error-body.js';
import { atCaller, RpcError } from '../errors.js';
import { FrameInbox } from './frame-inbox.js';
import { Heartbeat } from './heartbeat.js';
import { IncomingCalls } from './incoming-calls.js';
import { checkDepth } from '../codec/depth-limit.js';
import { runAuthentication } from '../calls/auth.js';
import { controlFrame, type Link } from './link.js';
import { nextPeerId } from '../core/peer-id.js';
import type { ResolvedPeerOptions } from '../core/options.js';
import { OutgoingCalls } from './outgoing-calls.js';
import { reportReject } from '../core/plugin.js';
import type { Call, CallOptions, NotifyOptions, Peer } from '../core/peer-types.js';
import { FrameFlag, FrameType, type Frame, type HelloBody, type Metadata } from './frame.js';
import { DEFLATE_RAW } from '../core/compression.js';
import { PROTOCOL_VERSION } from './isorpc-protocol.js';
import type { StreamDecoder } from '../framing/length-prefix-decoder.js';
import type { HandlerLookup } from '../calls/server-protocol.js';
import type { RpcStream } from '../calls/streams/stream-receiver.js';
import type { Transport } from '../core/transport.js';
import { fromValueFrame, toValueFrame } from './value-frames.js';

type State = 'handshake' | 'authenticating' | 'open' | 'closed';
/** Who speaks first: the dialer sends Hello, the acceptor answers Welcome. */
export type Role = 'dialer' | 'acceptor';

/** What a dialer sends in its Hello besides the limits. */
export interface HelloExtras {
  metadata?: Metadata;
  /** Credentials for the server's auth hook. */
  auth?: string;
}

const NO_METADATA: Readonly<Metadata> = Object.freeze({});


/**
 * One end of a connection, symmetric: its {@link OutgoingCalls} make calls and its
 * {@link IncomingCalls} serve the other end's calls through a router. Clients and a server's
 * per-connection peers are both instances. This class owns the lifecycle: handshake, the receive
 * loop, encoding and size checks, plugins and closing. The transport only moves frames.
 */
export class Connection implements Peer, Link {
  readonly id = nextPeerId();
  readonly data: Record<string, unknown> = {};
  /** Resolves when the handshake is done; rejects if the connection closes first. */
  readonly ready: Promise<void>;
  remoteMetadata: Readonly<Metadata> = NO_METADATA;
  remoteStreamWindow: number;
  /** What the server's auth hook returned for this peer (acceptor side); `undefined` without auth. */
  auth: unknown;
  protected readonly outgoing: OutgoingCalls;
  private readonly incoming: IncomingCalls;
  private state: State = 'handshake';
  private readonly streamDecoder: StreamDecoder | undefined;
  private remoteMaxFrameSize: number;
  private closeReason: RpcError | undefined;
  private closeListeners: Array<(reason: RpcError) => void> = [];
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private settleReady!: (error?: RpcError) => void;
  private readonly heartbeat: Heartbeat;
  private drainReason: RpcError | undefined;
  private drainListeners: Array<(reason: RpcError) => void> = [];
  /** The peer announced it can inflate deflate-raw bodies. */
  private remoteInflates = false;
  private readonly inbox: FrameInbox;

  constructor(
    private readonly transport: Transport,
    readonly role: Role,
    protected readonly router: HandlerLookup,
    readonly options: ResolvedPeerOptions,
    hello: HelloExtras = {},
  ) {
    this.remoteMaxFrameSize = options.maxFrameSize;
    this.remoteStreamWindow = options.streamWindow;
    this.outgoing = new OutgoingCalls(this);
    this.incoming = new IncomingCalls(this, router);
    this.streamDecoder = transport.kind === 'stream' ? options.protocol.createStreamDecoder(options.maxFrameSize) : undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve());
    });
    this.ready.catch(() => undefined); // observed through connect(); never an unhandled rejection
    this.inbox = new FrameInbox(options.compressor, options.maxFrameSize, {
      deliver: (frame) => this.receiveFrame(frame),
      fail: (error) => this.fail(RpcError.from(error, 'PROTOCOL')),
      closed: () => this.closed,
    });
    this.heartbeat = new Heartbeat(
      { interval: options.heartbeatInterval, timeout: options.heartbeatTimeout, idle: options.idleTimeout },
      {
        ping: () => this.trySend(controlFrame(FrameType.Ping, 0)),
        busy: () => this.outgoing.pending.size > 0 || this.incoming.size > 0,
        expire: (reason) => this.fail(reason),
      },
    );
    if (options.handshakeTimeout > 0) {
      this.handshakeTimer = setTimeout(() => this.handshakeTimedOut(), options.handshakeTimeout);
      (this.handshakeTimer as { unref?: () => void }).unref?.();
    }
    transport.start({ onData: (data) => this.receive(data), onClose: (error) => this.transportClosed(error) });
    if (role === 'dialer') this.send(controlFrame(FrameType.Hello, 0, { ...this.helloBody(), ...hello }));
  }

  get peer(): Peer {
    return this;
  }

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  get pendingCalls(): number {
    return this.outgoing.pending.size;
  }

  /** Calls being served right now. */
  get activeHandlers(): number {
    return this.incoming.size;
  }

  /** Resolves once no call from the other side is being served (a graceful drain waits on it). */
  idle(): Promise<void> {
    return this.incoming.running.idle();
  }

  async call<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Promise<Result> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    try {
      return (await this.outgoing.call(method, arg, options)) as Result;
    } catch (error) {
      throw atCaller(error);
    }
  }

  go<Result = unknown>(method: string, arg?: unknown, options?: CallOptions): Call<Result> {
    return goWithSignal<Result>((m, a, o) => this.call(m, a, o), method, arg, options);
  }

  stream<Item = unknown>(method: string, arg?: unknown, options?: CallOptions): RpcStream<Item> {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    return this.outgoing.stream(method, arg, options) as RpcStream<Item>;
  }

  notify(method: string, arg?: unknown, options?: NotifyOptions): void {
    const unusable = this.unusable();
    if (unusable !== undefined) throw unusable;
    this.outgoing.notify(method, arg, options);
  }

  ping(options?: { timeout?: number }): Promise<number> {
    const unusable = this.unusable();
    if (unusable !== undefined) return Promise.reject(unusable);
    const started = Date.now();
    return this.outgoing.ping(options?.timeout).then(() => Date.now() - started);
  }

  close(): void {
    if (this.state === 'closed') return;
    this.trySend(controlFrame(FrameType.GoAway, 0, errorBody(new RpcError('CLOSED', 'The peer closed the connection'))));
    this.closeWith(new RpcError('CLOSED', 'The connection was closed locally (close() was called) before the reply arrived'));
  }

  /** True once the peer announced a graceful shutdown: new calls fail with `UNAVAILABLE`, running ones finish. */
  get draining(): boolean {
    return this.drainReason !== undefined;
  }

  /**
   * Tells the peer this side is shutting down (a GoAway with `drain: true`): it starts no new calls
   * here, and the calls already running finish. The connection stays open until `close()`.
   */
  drain(message = 'The server is shutting down; reconnect for new calls'): void {
    if (this.state !== 'open') return;
    this.trySend(controlFrame(FrameType.GoAway, 0, { code: 'CLOSED', message, drain: true }));
  }

  /** Runs `listener` when the peer announces a drain (see {@link drain}). */
  onDrain(listener: (reason: RpcError) => void): () => void {
    this.drainListeners.push(listener);
    return () => {
      this.drainListeners = this.drainListeners.filter((l) => l !== listener);
    };
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

  // ── sending (Link) ─────────────────────────────────────────────────────────────────────────

  send(frame: Frame, codec?: Codec, transfer?: readonly object[]): void {
    if (this.state === 'closed') throw this.closedError();
    let data: unknown;
    if (frame.type === FrameType.Request || frame.type === FrameType.Notify) this.heartbeat.called();
    if (this.transport.kind === 'value') {
      data = toValueFrame(frame);
    } else {
      const activeCodec = codec ?? this.options.codec;
      let encoded: Uint8Array | undefined;
      if (frame.body !== undefined) {
        try {
          encoded = activeCodec.encode(frame.body);
        } catch (error) {
          throw new RpcError('BAD_REQUEST', `Could not encode the body for ${frame.method || 'a reply'} with ${activeCodec.name}: ${(error as Error).message}; send plain data (objects, arrays, strings, numbers, Uint8Array)`, { cause: error });
        }
      }
      frame.codec = activeCodec.id;
      if (encoded !== undefined && this.remoteInflates && encoded.byteLength >= this.options.compressionThreshold) {
        const packed = this.options.compressor?.compress?.(encoded);
        if (packed !== undefined && packed.byteLength < encoded.byteLength) {
          encoded = packed;
          frame = { ...frame, flags: frame.flags | FrameFlag.Compressed };
        }
      }
      data = this.options.protocol.encodeFrame(frame, encoded, this.transport.kind === 'stream');
      this.checkSize(data as Uint8Array, frame.method);
    }
    this.emit(data);
    try {
      this.transport.send(data, transfer);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `Could not post the message for ${frame.method || 'a reply'}: ${(error as Error).message}; send structured-cloneable data`, { cause: error });
    }
  }

  trySend(frame: Frame): void {
    if (this.state === 'closed') return;
    try {
      this.send(frame);
    } catch {
      // A control frame that cannot be sent changes nothing for the caller.
    }
  }

  /** @internal Sends a frame encoded once for many peers (broadcast). Returns false when skipped. */
  sendPrepared(prepared: PreparedFrame): boolean {
    if (this.state !== 'open') return false;
    const data = prepared.forKind(this.transport.kind);
    if (data instanceof Uint8Array && this.exceedsRemoteLimit(data)) return false;
    this.emit(data);
    this.transport.send(data);
    return true;
  }

  decodeBody(frame: Frame): unknown {
    if (frame.body === undefined || frame.codec === CodecId.None) return frame.body;
    const codec = this.options.codecs.get(frame.codec);
    if (codec === undefined) throw new RpcError('BAD_REQUEST', `The body uses codec id ${frame.codec}, which this side does not know; use msgpack or json, or register the codec on both sides`);
    try {
      return checkDepth(codec.decode(frame.body as Uint8Array), this.options.maxDepth);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `The body could not be decoded with ${codec.name}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Closes the connection with `reason`: everything pending rejects with it, handlers are aborted. */
  protected closeWith(reason: RpcError): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.closeReason = reason;
    if (this.handshakeTimer !== undefined) clearTimeout(this.handshakeTimer);
    this.heartbeat.stop();
    this.transport.close();
    this.outgoing.rejectAll(reason);
    this.incoming.abortAll(reason);
    this.settleReady(reason);
    if (wasOpen) for (const plugin of this.options.plugins) plugin.onDisconnect?.(this, reason);
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const listener of listeners) listener(reason);
  }

  private unusable(): RpcError | undefined {
    if (this.state === 'open') {
      if (this.drainReason === undefined) return undefined;
      return new RpcError('UNAVAILABLE', `The peer is shutting down and takes no new calls (${this.drainReason.message}); connect again`, { cause: this.drainReason });
    }
    if (this.state === 'closed') return this.closedError();
    return new RpcError('UNAVAILABLE', 'The connection is still handshaking; wait for the connect event or connect() before calling');
  }

  private closedError(): RpcError {
    const reason = this.closeReason;
    return new RpcError('CLOSED', `The connection is closed${reason ? ` (${reason.code}: ${reason.message})` : ''}; connect again`, { cause: reason });
  }

  private checkSize(bytes: Uint8Array, method: string): void {
    if (this.exceedsRemoteLimit(bytes)) {
      const size = this.frameSize(bytes);
      throw new RpcError('FRAME_TOO_LARGE', `A frame of ${size} bytes for ${method || 'a reply'} exceeds the peer's limit of ${this.remoteMaxFrameSize} bytes; raise maxFrameSize on both peers or send less`);
    }
  }

  private frameSize(bytes: Uint8Array): number {
    return this.transport.kind === 'stream' ? bytes.byteLength - 4 : bytes.byteLength;
  }

  private exceedsRemoteLimit(bytes: Uint8Array): boolean {
    return this.frameSize(bytes) > this.remoteMaxFrameSize;
  }

  private emit(data: unknown): void {
    for (const plugin of this.options.plugins) plugin.afterEncode?.(data, this);
  }

  private helloBody(): HelloBody {
    const body: HelloBody = { version: PROTOCOL_VERSION, maxFrameSize: this.options.maxFrameSize, streamWindow: this.options.streamWindow };
    if (this.options.compressor !== undefined && this.transport.kind !== 'value') body.compression = [DEFLATE_RAW];
    return body;
  }

  /** Sends GoAway with `reason` and closes: everything pending rejects with `reason`. */
  fail(reason: RpcError): void {
    this.trySend(controlFrame(FrameType.GoAway, 0, errorBody(reason)));
    this.closeWith(reason);
  }

  // ── receiving ──────────────────────────────────────────────────────────────────────────────

  private receive(data: unknown): void {
    if (this.state === 'closed') return;
    try {
      for (const plugin of this.options.plugins) plugin.beforeDecode?.(data, this);
      if (this.streamDecoder !== undefined) {
        for (const message of this.streamDecoder.decode(data as Uint8Array)) {
          this.inbox.push(this.options.protocol.decodeFrame(message, this.options.maxMetadataSize));
          if (this.closed) return;
        }
      } else if (this.transport.kind === 'message') {
        if (!(data instanceof Uint8Array)) throw new RpcError('PROTOCOL', 'Received a text message; isorpc sends binary messages only');
        if (data.byteLength > this.options.maxFrameSize) {
          throw new RpcError('FRAME_TOO_LARGE', `Received a frame of ${data.byteLength} bytes, over the limit of ${this.options.maxFrameSize} bytes; raise maxFrameSize on both peers or send smaller messages`);
        }
        this.inbox.push(this.options.protocol.decodeFrame(data, this.options.maxMetadataSize));
      } else {
        this.receiveFrame(fromValueFrame(data, this.options.maxMetadataSize));
      }
    } catch (error) {
      this.fail(RpcError.from(error, 'PROTOCOL'));
    }
  }

  private receiveFrame(frame: Frame): void {
    if (this.state !== 'open') return this.receiveHandshake(frame);
    this.heartbeat.heard(frame.type >= FrameType.Request && frame.type <= FrameType.Notify);
    switch (frame.type) {
      case FrameType.Request:
      case FrameType.Notify:
      case FrameType.Cancel:
      case FrameType.StreamCredit:
      case FrameType.ArgItem:
      case FrameType.ArgEnd:
        return this.incoming.receive(frame);
      case FrameType.Response:
      case FrameType.Error:
      case FrameType.Pong:
      case FrameType.StreamItem:
      case FrameType.StreamEnd:
      case FrameType.ArgCredit:
        return this.outgoing.receive(frame);
      case FrameType.Ping:
        return this.send(controlFrame(FrameType.Pong, frame.seq));
      case FrameType.GoAway:
        return this.goAway(frame);
      default:
        throw new RpcError('PROTOCOL', `Malformed frame: unexpected frame type ${frame.type} after the handshake`);
    }
  }

  private receiveHandshake(frame: Frame): void {
    if (frame.type === FrameType.GoAway) return this.closeWith(errorFromBody(this.decodeBody(frame)));
    // Nothing may arrive while the server's auth hook decides: no Request is dispatched before it accepts.
    if (this.state === 'authenticating') throw new RpcError('PROTOCOL', `Malformed frame: type ${frame.type} arrived before the Welcome frame`);
    const expected = this.role === 'acceptor' ? FrameType.Hello : FrameType.Welcome;
    if (frame.type !== expected) throw new RpcError('PROTOCOL', `Malformed frame: expected a ${this.role === 'acceptor' ? 'Hello' : 'Welcome'} frame to open the connection, got type ${frame.type}`);
    const hello = this.decodeBody(frame) as Partial<HelloBody> | undefined;
    if (hello?.version !== PROTOCOL_VERSION) throw new RpcError('PROTOCOL', `The peer speaks isorpc protocol version ${String(hello?.version)}; this side speaks ${PROTOCOL_VERSION}`);
    if (typeof hello.maxFrameSize === 'number' && hello.maxFrameSize > 0) this.remoteMaxFrameSize = hello.maxFrameSize;
    if (typeof hello.streamWindow === 'number' && hello.streamWindow >= 1) this.remoteStreamWindow = Math.floor(hello.streamWindow);
    this.remoteInflates = Array.isArray(hello.compression) && hello.compression.includes(DEFLATE_RAW);
    if (this.role === 'dialer') return this.open();
    if (typeof hello.metadata === 'object' && hello.metadata !== null) this.remoteMetadata = Object.freeze({ ...hello.metadata });
    const welcome = (): void => {
      this.send(controlFrame(FrameType.Welcome, 0, this.helloBody()), this.options.codecs.get(frame.codec));
      this.open();
    };
    if (this.options.authenticate === undefined) return welcome();
    this.state = 'authenticating';
    void runAuthentication(this.options.authenticate, hello.auth, this).then((outcome) => {
      if (this.state !== 'authenticating') return; // closed (timeout, peer left) meanwhile
      if (outcome.ok) {
        this.auth = outcome.value;
        return welcome();
      }
      reportReject(this.options.plugins, this, outcome.reason, 'auth');
      this.fail(outcome.reason);
    });
  }

  private open(): void {
    this.state = 'open';
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.heartbeat.start();
    for (const plugin of this.options.plugins) plugin.onConnect?.(this);
    this.settleReady();
  }

  private goAway(frame: Frame): void {
    const body = this.decodeBody(frame);
    const reason = errorFromBody(body);
    if (typeof body !== 'object' || body === null || (body as { drain?: unknown }).drain !== true) return this.closeWith(reason);
    if (this.drainReason !== undefined) return;
    this.drainReason = reason;
    for (const listener of this.drainListeners) listener(reason);
  }

  private handshakeTimedOut(): void {
    const reason = new RpcError(
      this.role === 'dialer' ? 'UNAVAILABLE' : 'TIMEOUT',
      `The isorpc handshake did not complete within ${this.options.handshakeTimeout} ms; is the other side an isorpc ${this.role === 'dialer' ? 'server' : 'client'}?`,
    );
    this.trySend(controlFrame(FrameType.GoAway, 0, errorBody(reason)));
    this.closeWith(reason);
  }

  private transportClosed(error: RpcError | undefined): void {
    this.closeWith(error ?? new RpcError('CLOSED', 'The connection was closed by the other side'));
  }
}
