import { RpcError } from '../../errors.js';
import type { CallOutcome } from '../../calls/serve-call.js';
import type { Compression } from '../../core/compression.js';
import type { Authenticate } from '../../calls/options.js';
import type { CallOptions, NotifyOptions } from '../../core/peer-types.js';
import type { HandlerLookup } from '../../calls/server-protocol.js';
import type { Transport } from '../../core/transport.js';
import { createHeaderFrameDecoder } from '../../framing/header-frame-decoder.js';
import type { StreamDecoder } from '../../framing/length-prefix-decoder.js';
import type { Metadata } from '../../core/peer-types.js';
import { MessagePeer, PING_METHOD } from '../shared/message-peer.js';
import { decodeRpcxMessage, encodeRpcxMessage, rpcxFrameSpec, RpcxCompressType, RpcxSerializeType, type RpcxMessage } from './message.js';
import type { RpcxPayloads } from './payloads.js';
import { errorFromReply, errorMetadata, RPCX_AUTH_KEY, RPCX_TIMEOUT_KEY, rpcxNotFoundText, timeoutFromMetadata, userMetadata } from './rpcx-errors.js';

/** Replies to a gzip request are gzipped from this size on (rpcx compresses bodies over 1 KiB). */
const REPLY_COMPRESS_THRESHOLD = 1024;
const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/** Settings of an {@link RpcxPeer}. */
export interface RpcxPeerSettings {
  maxFrameSize: number;
  maxMetadataSize: number;
  /** Default timeout of the calls this side makes, in ms. */
  timeout: number;
  /** Serialize type of the calls this side starts; `undefined` follows the other side's last request (msgpack before one). */
  serializeType: number | undefined;
  payloads: RpcxPayloads;
  compression: Compression | undefined;
  /** Gzip request payloads of at least this many bytes; `Infinity` never. */
  compressThreshold: number;
  /** Server: the auth hook, run with each new `__AUTH` value. */
  authenticate?: Authenticate;
  /** Client: sent as `__AUTH` with every request. */
  credentials?: string;
  /** Client: send a heartbeat after this many quiet ms (0 = never), and give up after `heartbeatTimeout`. */
  heartbeatInterval: number;
  heartbeatTimeout: number;
}

/** A seq this side could have chosen (the pending table's numbers fit in 32 bits). */
function localSeq(seq: bigint): number | undefined {
  return seq <= 0xffffffffn ? Number(seq) : undefined;
}

/** `Arith.Mul` → `['Arith', 'Mul']`; a route without a dot has an empty service path. */
function splitMethod(method: string): [string, string] {
  const dot = method.lastIndexOf('.');
  return dot < 0 ? ['', method] : [method.slice(0, dot), method.slice(dot + 1)];
}

/** A heartbeat body as rpcx's Go client sends it: the time in ns as a msgpack int64. */
function heartbeatPayload(): Uint8Array {
  const payload = new Uint8Array(9);
  payload[0] = 0xd3;
  new DataView(payload.buffer).setBigInt64(1, BigInt(Date.now()) * 1_000_000n);
  return payload;
}

/**
 * One rpcx connection, either end: it calls the other side (requests, one-way requests, heartbeats)
 * and serves the other side's requests through `router`, so a server can push to a client (rpcx's
 * server push is a one-way request) and, between isorpc peers, call it. Messages are split from the
 * stream by the shared header-frame decoder on TCP and WebSocket alike, so several messages in one
 * read or one message over several reads both work. A malformed message closes this connection only.
 */
export class RpcxPeer extends MessagePeer {
  override auth: unknown = undefined;
  private readonly decoder: StreamDecoder;
  /** While a gzip body inflates asynchronously (browsers), later messages wait here so none is reordered. */
  private inbox: Promise<void> | undefined;
  private sendType: number;
  private authed: { token: string | undefined; refusal: Promise<RpcError | undefined> } | undefined;
  private lastHeard = Date.now();
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly transport: Transport,
    router: HandlerLookup,
    private readonly settings: RpcxPeerSettings,
  ) {
    super(router, settings.timeout);
    this.decoder = createHeaderFrameDecoder(rpcxFrameSpec, settings.maxFrameSize);
    this.sendType = settings.serializeType ?? RpcxSerializeType.MsgPack;
    transport.start({
      onData: (data) => this.receive(data),
      onClose: (error) => this.closeWith(error ?? new RpcError('CLOSED', 'The rpcx peer closed the connection')),
    });
    if (settings.heartbeatInterval > 0 && !this.closed) this.startHeartbeat();
  }

  get remoteAddress(): string | undefined {
    return this.transport.remoteAddress;
  }

  /** A one-way request (rpcx's Oneway bit); from a server, rpcx's server push. */
  notify(method: string, arg?: unknown, options?: NotifyOptions): void {
    if (this.closed) throw this.closedError();
    this.transport.send(this.request(this.pending.nextSequence(), method, arg, options?.metadata, 0, true));
  }

  protected sendRequest(seq: number, method: string, arg: unknown, options: CallOptions | undefined): void {
    if (method === PING_METHOD) return this.transport.send(this.encode(this.heartbeat(seq)));
    this.transport.send(this.request(seq, method, arg, options?.metadata, options?.timeout ?? this.defaultTimeout, false));
  }

  protected closeTransport(): void {
    clearInterval(this.heartbeatTimer);
    this.transport.close();
  }

  private heartbeat(seq: number): RpcxMessage {
    const message = this.message(BigInt(seq), '', '', {}, heartbeatPayload(), RpcxSerializeType.MsgPack);
    message.heartbeat = true;
    return message;
  }

  private message(seq: bigint, servicePath: string, serviceMethod: string, metadata: Metadata, payload: Uint8Array, serializeType: number): RpcxMessage {
    return { response: false, heartbeat: false, oneway: false, compressType: RpcxCompressType.None, error: false, serializeType, seq, servicePath, serviceMethod, metadata, payload };
  }

  /** A request: bytes go raw (serialize type 0), anything else in this side's serialize type. */
  private request(seq: number, method: string, arg: unknown, metadata: Metadata | undefined, timeoutMs: number, oneway: boolean): Uint8Array {
    const [servicePath, serviceMethod] = splitMethod(method);
    const serializeType = arg instanceof Uint8Array ? RpcxSerializeType.Raw : this.sendType;
    const wire: Metadata = { ...metadata };
    if (timeoutMs > 0) wire[RPCX_TIMEOUT_KEY] = String(Math.floor(timeoutMs));
    if (this.settings.credentials !== undefined) wire[RPCX_AUTH_KEY] = this.settings.credentials;
    const message = this.message(BigInt(seq), servicePath, serviceMethod, wire, this.settings.payloads.encode(serializeType, arg), serializeType);
    message.oneway = oneway;
    this.compress(message, this.settings.compressThreshold);
    return this.encode(message);
  }

  /** Gzips the payload in place when it is at least `threshold` bytes and the platform can. */
  private compress(message: RpcxMessage, threshold: number): void {
    const compress = this.settings.compression?.compress;
    if (compress === undefined || message.payload.byteLength < threshold) return;
    message.payload = compress(message.payload, 'gzip');
    message.compressType = RpcxCompressType.Gzip;
  }

  private encode(message: RpcxMessage): Uint8Array {
    return encodeRpcxMessage(message, this.settings.maxFrameSize);
  }

  private receive(data: unknown): void {
    if (this.closed) return;
    this.lastHeard = Date.now();
    if (!(data instanceof Uint8Array)) return this.closeWith(new RpcError('PROTOCOL', 'rpcx travels in binary WebSocket messages; a text message arrived'));
    let frames: Uint8Array[];
    try {
      frames = this.decoder.decode(data);
    } catch (error) {
      return this.closeWith(RpcError.from(error, 'PROTOCOL'));
    }
    for (const frame of frames) {
      if (this.closed) return;
      if (this.inbox !== undefined) this.track(this.inbox.then(() => this.take(frame)));
      else {
        const waiting = this.take(frame);
        if (waiting !== undefined) this.track(waiting);
      }
    }
  }

  private track(waiting: Promise<void>): void {
    const tail: Promise<void> = waiting
      .catch((error: unknown) => this.closeWith(RpcError.from(error)))
      .then(() => {
        if (this.inbox === tail) this.inbox = undefined;
      });
    this.inbox = tail;
  }

  /** Decodes and inflates one message, then dispatches it; a promise only while a body inflates. */
  private take(frame: Uint8Array): Promise<void> | undefined {
    if (this.closed) return undefined;
    let message: RpcxMessage;
    try {
      message = decodeRpcxMessage(frame, this.settings.maxMetadataSize);
    } catch (error) {
      this.closeWith(RpcError.from(error, 'PROTOCOL'));
      return undefined;
    }
    if (message.compressType === RpcxCompressType.None) return this.dispatch(message);
    const compression = this.settings.compression;
    if (message.compressType !== RpcxCompressType.Gzip || compression === undefined) {
      const why = message.compressType === RpcxCompressType.Gzip ? 'this runtime cannot inflate gzip (no zlib or DecompressionStream)' : `unknown rpcx compress type ${message.compressType} (rpcx defines 0 none, 1 gzip)`;
      return this.refuse(message, new RpcError('BAD_REQUEST', `A compressed rpcx message was refused: ${why}`));
    }
    // compressType stays Gzip on the inflated message: the reply is gzipped like the request.
    const inflated = (payload: Uint8Array): undefined => this.dispatch({ ...message, payload });
    try {
      const result = compression.decompress(message.payload, this.settings.maxFrameSize, 'gzip');
      if (!(result instanceof Promise)) return inflated(result);
      return result.then(inflated, (error: unknown) => this.refuse(message, RpcError.from(error, 'PROTOCOL')));
    } catch (error) {
      return this.refuse(message, RpcError.from(error, 'PROTOCOL'));
    }
  }

  /** A message that cannot be used (a gzip bomb, say): its call fails, the connection stays. */
  private refuse(message: RpcxMessage, error: RpcError): undefined {
    const seq = localSeq(message.seq);
    if (message.response) {
      if (seq !== undefined) this.settleCall(seq, { ok: false, error });
    } else if (!message.oneway && !message.heartbeat) this.transport.send(this.reply(message, { ok: false, error }));
    return undefined;
  }

  private dispatch(message: RpcxMessage): undefined {
    if (message.response) {
      const seq = localSeq(message.seq);
      if (seq !== undefined) this.settleCall(seq, this.replyOutcome(message));
    } else if (message.heartbeat) {
      const echo: RpcxMessage = { ...message, response: true, compressType: RpcxCompressType.None };
      if (message.compressType === RpcxCompressType.Gzip) this.compress(echo, 0);
      this.transport.send(this.encode(echo));
    } else {
      this.answer(message).catch((error: unknown) => this.closeWith(RpcError.from(error))); // a bug here must not take the process down
    }
    return undefined;
  }

  private replyOutcome(message: RpcxMessage): CallOutcome {
    if (message.heartbeat) return { ok: true, value: undefined };
    const metadata = userMetadata(message.metadata);
    const withMetadata = Object.keys(metadata).length > 0 ? metadata : undefined;
    if (message.error) return { ok: false, error: errorFromReply(message.metadata), metadata: withMetadata };
    try {
      return { ok: true, value: this.settings.payloads.decode(message.serializeType, message.payload), metadata: withMetadata };
    } catch (error) {
      return { ok: false, error: RpcError.from(error, 'BAD_REQUEST') };
    }
  }

  private async answer(request: RpcxMessage): Promise<void> {
    const type = request.serializeType;
    if (this.settings.serializeType === undefined && (type === RpcxSerializeType.Json || type === RpcxSerializeType.MsgPack)) this.sendType = type;
    const outcome = await this.outcomeOf(request);
    if (request.oneway || this.closed) return;
    this.transport.send(this.reply(request, outcome));
  }

  private async outcomeOf(request: RpcxMessage): Promise<CallOutcome> {
    const { servicePath, serviceMethod } = request;
    const method = servicePath === '' ? serviceMethod : `${servicePath}.${serviceMethod}`;
    if (this.settings.authenticate !== undefined) {
      const refusal = await this.authenticate(request.metadata[RPCX_AUTH_KEY]);
      if (refusal !== undefined) return { ok: false, error: refusal };
    }
    if (this.router.lookup(method) === undefined) return { ok: false, error: new RpcError('NOT_FOUND', rpcxNotFoundText(servicePath, serviceMethod, this.router.methods())) };
    let arg: unknown;
    try {
      arg = this.settings.payloads.decode(request.serializeType, request.payload);
    } catch (error) {
      return { ok: false, error: RpcError.from(error, 'BAD_REQUEST') };
    }
    return this.serve({ method, arg, metadata: userMetadata(request.metadata), timeoutMs: timeoutFromMetadata(request.metadata) });
  }

  /** Runs the auth hook once per distinct `__AUTH` value; `peer.auth` holds what it returned. */
  private authenticate(token: string | undefined): Promise<RpcError | undefined> {
    if (this.authed?.token !== token || this.authed === undefined) {
      const refusal = this.settings.authenticate!(token, this).then((outcome) => {
        if (!outcome.ok) return outcome.reason;
        this.auth = outcome.value;
        return undefined;
      });
      this.authed = { token, refusal };
    }
    return this.authed.refusal;
  }

  /** The response to `request`: a clone of its header with the Response bit, then the outcome. */
  private reply(request: RpcxMessage, outcome: CallOutcome): Uint8Array {
    const response: RpcxMessage = { ...request, response: true, compressType: RpcxCompressType.None, metadata: {}, payload: EMPTY };
    if (outcome.ok) {
      try {
        response.payload = this.settings.payloads.encode(request.serializeType, outcome.value);
        response.metadata = outcome.metadata ?? {};
        if (request.compressType === RpcxCompressType.Gzip) this.compress(response, Math.min(this.settings.compressThreshold, REPLY_COMPRESS_THRESHOLD));
        return this.encode(response);
      } catch (error) {
        const method = `${request.servicePath}.${request.serviceMethod}`;
        outcome = { ok: false, error: new RpcError(RpcError.from(error).code, `The reply of ${method} could not be sent: ${(error as Error).message}`) };
        response.payload = EMPTY;
        response.compressType = RpcxCompressType.None;
      }
    }
    response.error = true;
    response.metadata = errorMetadata(outcome.error, outcome.metadata);
    return this.encode(response);
  }

  private startHeartbeat(): void {
    const { heartbeatInterval: interval, heartbeatTimeout: limit } = this.settings;
    this.heartbeatTimer = setInterval(() => {
      const quiet = Date.now() - this.lastHeard;
      if (limit > 0 && quiet >= limit) {
        this.closeWith(new RpcError('UNAVAILABLE', `Nothing arrived from the rpcx server for ${quiet} ms (heartbeatTimeout ${limit} ms); the connection is considered lost`));
      } else if (quiet >= interval) this.ping({ timeout: limit }).catch(() => undefined);
    }, interval);
    (this.heartbeatTimer as { unref?: () => void }).unref?.();
  }
}
