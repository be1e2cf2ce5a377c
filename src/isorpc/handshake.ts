import { errorBody, errorFromBody } from '../calls/error-body.js';
import { DEFLATE_RAW } from '../core/compression.js';
import type { ResolvedPeerOptions } from '../calls/options.js';
import type { Peer } from '../core/peer-types.js';
import { reportReject } from '../core/plugin.js';
import type { TransportKind } from '../core/transport.js';
import type { Codec } from '../codec/codec.js';
import { RpcError } from '../errors.js';
import { FrameType, type Frame, type HelloBody, type Metadata } from './frame.js';
import { PROTOCOL_VERSION } from './isorpc-protocol.js';
import { controlFrame } from './link.js';

/** Who speaks first: the dialer sends Hello, the acceptor answers Welcome. */
export type Role = 'dialer' | 'acceptor';

/** What a dialer sends in its Hello besides the limits. */
export interface HelloExtras {
  metadata?: Metadata;
  /** Credentials for the server's auth hook. */
  auth?: string;
}

/** What the handshake needs from its connection. */
export interface HandshakeHost {
  readonly peer: Peer;
  decodeBody(frame: Frame): unknown;
  send(frame: Frame, codec?: Codec): void;
  trySend(frame: Frame): void;
  /** The other side's Hello (acceptor) or Welcome (dialer) is valid: apply what it announced. */
  agreed(hello: Partial<HelloBody>): void;
  /** The handshake is done; `auth` is what the auth hook returned (acceptor with auth). */
  open(auth: unknown): void;
  /** Closes without a GoAway (the peer sent one, or the handshake timed out after sending one). */
  closeWith(reason: RpcError): void;
  /** Sends GoAway with `reason`, then closes. */
  fail(reason: RpcError): void;
}

/**
 * The opening of an isorpc connection: Hello from the dialer, the acceptor's auth hook, Welcome back
 * (docs/PROTOCOL.md, "Handshake"), under `handshakeTimeout`. Nothing else may arrive before it ends.
 */
export class Handshake {
  private authenticating = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: HandshakeHost,
    readonly role: Role,
    private readonly options: ResolvedPeerOptions,
    private readonly kind: TransportKind,
  ) {}

  /** Arms the timeout and, as the dialer, sends Hello. */
  start(extras: HelloExtras): void {
    if (this.options.handshakeTimeout > 0) {
      this.timer = setTimeout(() => this.timedOut(), this.options.handshakeTimeout);
      (this.timer as { unref?: () => void }).unref?.();
    }
    if (this.role === 'dialer') this.host.send(controlFrame(FrameType.Hello, 0, { ...this.helloBody(), ...extras }));
  }

  /** Stops the timeout (done or closed). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A frame that arrived before the connection opened. */
  receive(frame: Frame): void {
    if (frame.type === FrameType.GoAway) return this.host.closeWith(errorFromBody(this.host.decodeBody(frame)));
    // Nothing may arrive while the server's auth hook decides: no Request is dispatched before it accepts.
    if (this.authenticating) throw new RpcError('PROTOCOL', `Malformed frame: type ${frame.type} arrived before the Welcome frame`);
    const expected = this.role === 'acceptor' ? FrameType.Hello : FrameType.Welcome;
    if (frame.type !== expected) throw new RpcError('PROTOCOL', `Malformed frame: expected a ${this.role === 'acceptor' ? 'Hello' : 'Welcome'} frame to open the connection, got type ${frame.type}`);
    const hello = this.host.decodeBody(frame) as Partial<HelloBody> | undefined;
    if (hello?.version !== PROTOCOL_VERSION) throw new RpcError('PROTOCOL', `The peer speaks isorpc protocol version ${String(hello?.version)}; this side speaks ${PROTOCOL_VERSION}`);
    this.host.agreed(hello);
    if (this.role === 'dialer') return this.finish(undefined);
    const welcome = (auth: unknown): void => {
      this.host.send(controlFrame(FrameType.Welcome, 0, this.helloBody()), this.options.codecs.get(frame.codec));
      this.finish(auth);
    };
    if (this.options.authenticate === undefined) return welcome(undefined);
    this.authenticating = true;
    void this.options.authenticate(hello.auth, this.host.peer).then((outcome) => {
      if (!this.authenticating) return; // closed (timeout, peer left) meanwhile
      this.authenticating = false;
      if (outcome.ok) return welcome(outcome.value);
      reportReject(this.options.plugins, this.host.peer, outcome.reason, 'auth');
      this.host.fail(outcome.reason);
    });
  }

  /** The connection closed before the auth hook answered: its answer is ignored. */
  abandon(): void {
    this.authenticating = false;
    this.stop();
  }

  private finish(auth: unknown): void {
    this.stop();
    this.host.open(auth);
  }

  private helloBody(): HelloBody {
    const body: HelloBody = { version: PROTOCOL_VERSION, maxFrameSize: this.options.maxFrameSize, streamWindow: this.options.streamWindow };
    if (this.options.compressor !== undefined && this.kind !== 'value') body.compression = [DEFLATE_RAW];
    // This side reads coalesced messages and value batches (docs/PROTOCOL.md); peers that do not know the field ignore it.
    if (this.kind !== 'stream') body.coalesce = true;
    return body;
  }

  private timedOut(): void {
    const reason = new RpcError(
      this.role === 'dialer' ? 'UNAVAILABLE' : 'TIMEOUT',
      `The isorpc handshake did not complete within ${this.options.handshakeTimeout} ms; is the other side an isorpc ${this.role === 'dialer' ? 'server' : 'client'}?`,
    );
    this.host.trySend(controlFrame(FrameType.GoAway, 0, errorBody(reason)));
    this.host.closeWith(reason);
  }
}
