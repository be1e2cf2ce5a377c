import { goWithSignal } from '../calls/call-handle.js';
import type { PreparedFrame } from './broadcast.js';
import type { Codec } from '../codec/codec.js';
import { errorBody, errorFromBody } from '../calls/error-body.js';
import { atCaller, RpcError } from '../errors.js';
import { CloseLatch } from '../core/close-latch.js';
import { dispatchFrame, isCallFrame, type FrameTargets } from './dispatch.js';
import { openFrameIo, type FrameIo, type FrameIoFactories } from './frame-io.js';
import { Handshake, type HelloExtras, type Role } from './handshake.js';
import { Heartbeat } from './heartbeat.js';
import { IncomingCalls } from './incoming-calls.js';
import { controlFrame, type Link } from './link.js';
import { nextPeerId } from '../core/peer-id.js';
import type { ResolvedPeerOptions } from '../calls/options.js';
import { OutgoingCalls } from './outgoing-calls.js';
import type { Call, CallOptions, NotifyOptions, Peer } from '../core/peer-types.js';
import { FrameType, type Frame, type HelloBody, type Metadata } from './frame.js';
import { DEFLATE_RAW } from '../core/compression.js';
import type { HandlerLookup } from '../calls/server-protocol.js';
import type { RpcStream } from '../calls/streams/stream-receiver.js';
import type { Transport } from '../core/transport.js';

export type { HelloExtras, Role } from './handshake.js';

type State = 'handshake' | 'open' | 'closed';

const NO_METADATA: Readonly<Metadata> = Object.freeze({});

/**
 * One end of a connection, symmetric: its {@link OutgoingCalls} make calls and its
 * {@link IncomingCalls} serve the other end's calls through a router. Clients and a server's
 * per-connection peers are both instances. This class owns the lifecycle and wires the parts:
 * {@link Handshake} opens it, a {@link FrameIo} moves frames, `dispatchFrame` routes them, and a
 * {@link CloseLatch} holds the closed state. The transport only moves data. `frames` is the frame I/O
 * for each transport family the opening path can meet (see {@link FrameIoFactories}).
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
  private readonly latch = new CloseLatch();
  private settleReady!: (error?: RpcError) => void;
  private readonly heartbeat: Heartbeat;
  private readonly handshake: Handshake;
  private readonly io: FrameIo;
  private readonly targets: FrameTargets;
  private drainReason: RpcError | undefined;
  private drainListeners: Array<(reason: RpcError) => void> = [];

  constructor(
    private readonly transport: Transport,
    readonly role: Role,
    protected readonly router: HandlerLookup,
    readonly options: ResolvedPeerOptions,
    frames: FrameIoFactories,
    hello: HelloExtras = {},
  ) {
    // First, so a transport it refuses (no framing or codec for its kind) is closed before anything starts.
    this.io = openFrameIo(transport, options, this, frames);
    this.remoteStreamWindow = options.streamWindow;
    this.outgoing = new OutgoingCalls(this);
    this.incoming = new IncomingCalls(this, router);
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve());
    });
    this.ready.catch(() => undefined); // observed through connect(); never an unhandled rejection
    this.targets = {
      incoming: (frame) => this.incoming.receive(frame),
      outgoing: (frame) => this.outgoing.receive(frame),
      ping: (frame) => this.send(controlFrame(FrameType.Pong, frame.seq)),
      goAway: (frame) => this.goAway(frame),
    };
    this.heartbeat = new Heartbeat(
      { interval: options.heartbeatInterval, timeout: options.heartbeatTimeout, idle: options.idleTimeout },
      {
        ping: () => this.trySend(controlFrame(FrameType.Ping, 0)),
        busy: () => this.outgoing.pending.size > 0 || this.incoming.size > 0,
        expire: (reason) => this.fail(reason),
      },
    );
    this.handshake = new Handshake(this, role, options, transport.kind);
    transport.start({ onData: (data) => this.io.receive(data), onClose: (error) => this.transportClosed(error) });
    this.handshake.start(hello);
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
    return this.latch.onClose(listener);
  }

  send(frame: Frame, codec?: Codec, transfer?: readonly object[]): void {
    if (this.state === 'closed') throw this.latch.closedError();
    if (frame.type === FrameType.Request || frame.type === FrameType.Notify) this.heartbeat.called();
    this.io.send(frame, codec, transfer);
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
    return this.io.sendPrepared(prepared);
  }

  decodeBody(frame: Frame): unknown {
    return this.io.decodeBody(frame);
  }

  /** Sends GoAway with `reason` and closes: everything pending rejects with `reason`. */
  fail(reason: RpcError): void {
    this.trySend(controlFrame(FrameType.GoAway, 0, errorBody(reason)));
    this.closeWith(reason);
  }

  /** @internal Closes the connection with `reason`: everything pending rejects with it, handlers are aborted. */
  closeWith(reason: RpcError): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.latch.close(reason, () => {
      this.handshake.abandon();
      this.heartbeat.stop();
      this.io.flush(); // a GoAway queued this tick leaves before the transport closes
      this.transport.close();
      this.outgoing.rejectAll(reason);
      this.incoming.abortAll(reason);
      this.settleReady(reason);
      if (wasOpen) for (const plugin of this.options.plugins) plugin.onDisconnect?.(this, reason);
    });
  }

  private unusable(): RpcError | undefined {
    if (this.state === 'open') {
      if (this.drainReason === undefined) return undefined;
      return new RpcError('UNAVAILABLE', `The peer is shutting down and takes no new calls (${this.drainReason.message}); connect again`, { cause: this.drainReason });
    }
    if (this.state === 'closed') return this.latch.closedError();
    return new RpcError('UNAVAILABLE', 'The connection is still handshaking; wait for the connect event or connect() before calling');
  }

  /** @internal One decoded frame from {@link FrameIo}, in order. */
  receiveFrame(frame: Frame): void {
    if (this.state !== 'open') return this.handshake.receive(frame);
    this.heartbeat.heard(isCallFrame(frame));
    dispatchFrame(frame, this.targets);
  }

  /** @internal Applies what the other side announced in its Hello or Welcome (from {@link Handshake}). */
  agreed(hello: Partial<HelloBody>): void {
    if (typeof hello.maxFrameSize === 'number' && hello.maxFrameSize > 0) this.io.remoteMaxFrameSize = hello.maxFrameSize;
    if (typeof hello.streamWindow === 'number' && hello.streamWindow >= 1) this.remoteStreamWindow = Math.floor(hello.streamWindow);
    this.io.remoteInflates = Array.isArray(hello.compression) && hello.compression.includes(DEFLATE_RAW);
    if (hello.coalesce === true) this.io.coalesce();
    if (this.role === 'acceptor' && typeof hello.metadata === 'object' && hello.metadata !== null) this.remoteMetadata = Object.freeze({ ...hello.metadata });
  }

  /** @internal The handshake is done (from {@link Handshake}). */
  open(auth: unknown): void {
    if (this.state === 'closed') return;
    this.state = 'open';
    if (this.role === 'acceptor') this.auth = auth;
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

  private transportClosed(error: RpcError | undefined): void {
    this.closeWith(error ?? new RpcError('CLOSED', 'The connection was closed by the other side'));
  }
}
