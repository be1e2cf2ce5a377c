import type { PreparedFrame } from './broadcast.js';
import type { FrameIo, FrameIoFactory, FrameIoHost } from './frame-io.js';
import { CodecId, type Codec } from '../codec/codec.js';
import { checkDepth } from '../codec/depth-limit.js';
import { RpcError } from '../errors.js';
import { FrameInbox } from './frame-inbox.js';
import { isBatch, splitBatch } from './frame-batch.js';
import { Outbox } from './outbox.js';
import type { ResolvedPeerOptions } from '../calls/options.js';
import { FrameFlag, type Frame } from './frame.js';
import { LENGTH_PREFIX_BYTES, type StreamDecoder } from '../framing/length-prefix-decoder.js';
import type { Transport } from '../core/transport.js';
import { isorpcProtocol } from './isorpc-protocol.js';

/**
 * A byte transport in a build without msgpack (the browser `createServer()`) and no `codec` option:
 * say what to pass. Short, as every bundle that moves bytes carries it.
 */
function noCodec(kind: Transport['kind']): RpcError {
  return new RpcError('UNAVAILABLE', `A '${kind}' transport needs a codec and this build has no msgpack: pass { codec: 'json' }, or { codec: createMsgpackCodec() } from 'isorpc/core'`);
}

/** Encodes a body; a value the codec refuses is the sender's mistake (`BAD_REQUEST`). */
function encodeBody(codec: Codec, body: unknown, method: string, parts: boolean): Uint8Array | readonly Uint8Array[] {
  try {
    // Parts when the codec offers them: a large binary body is then copied once, into the frame.
    return parts && codec.encodeParts !== undefined && body instanceof Uint8Array ? codec.encodeParts(body) : codec.encode(body);
  } catch (error) {
    throw new RpcError('BAD_REQUEST', `Could not encode the body for ${method || 'a reply'} with ${codec.name}: ${(error as Error).message}; send plain data (objects, arrays, strings, numbers, Uint8Array)`, { cause: error });
  }
}

/** The bytes of a broadcast, length-prefixed (message transports send a view without the prefix). */
function encodePrepared({ frame, codec }: PreparedFrame): Uint8Array {
  if (codec === undefined) throw noCodec('stream'); // not reached: such a transport was refused when accepted
  return isorpcProtocol.encodeFrame(frame, frame.body === undefined ? undefined : encodeBody(codec, frame.body, frame.method, true), true);
}

/**
 * Frames ⇄ bytes for one connection over a byte transport (`'stream'`, `'message'`): encoding bodies
 * with the codec, compressing, size checks against the peer's limit, plugins' hooks, per-tick write
 * coalescing ({@link Outbox}), and on the way in: splitting the byte stream or a coalesced message,
 * decoding headers, inflating ({@link FrameInbox}). Only the paths that can meet a byte transport
 * (servers, `connect()`, `openClient()`) import it; `connectPort()` carries none of it.
 */
class ByteFrameIo implements FrameIo {
  /** What the peer announced in the handshake. */
  remoteMaxFrameSize: number;
  remoteInflates = false;
  private readonly streamDecoder: StreamDecoder | undefined;
  private readonly inbox: FrameInbox;
  private readonly outbox: Outbox;
  private readonly kind: Transport['kind'];
  /** The codec of this side's calls. */
  private readonly codec: Codec | undefined;
  /** Set once a chunk or message was read as isorpc: a failure before that suggests another protocol. */
  private heard = false;

  /** Throws `RpcError('UNAVAILABLE')`, having closed the transport, when there is no codec. */
  constructor(
    private readonly transport: Transport,
    private readonly options: ResolvedPeerOptions,
    private readonly host: FrameIoHost,
  ) {
    this.kind = transport.kind;
    this.codec = options.codec;
    if (this.codec === undefined) {
      transport.close();
      throw noCodec(transport.kind);
    }
    this.remoteMaxFrameSize = options.maxFrameSize;
    this.streamDecoder = transport.kind === 'stream' ? isorpcProtocol.createStreamDecoder(options.maxFrameSize) : undefined;
    this.outbox = new Outbox(transport, () => this.remoteMaxFrameSize);
    this.inbox = new FrameInbox(options.compressor, options.maxFrameSize, {
      deliver: (frame) => host.receiveFrame(frame),
      fail: (error) => host.fail(RpcError.from(error, 'PROTOCOL')),
      closed: () => host.closed,
    });
  }

  /** Starts coalescing writes (message transports; the peer announced it reads coalesced messages). */
  coalesce(): void {
    if (this.kind === 'message') this.outbox.coalesce = true;
  }

  /** Encodes and sends (or queues for this tick); throws RpcError (BAD_REQUEST, FRAME_TOO_LARGE). Bytes carry no transfer list. */
  send(frame: Frame, codec: Codec | undefined): void {
    const activeCodec = codec ?? this.codec;
    if (activeCodec === undefined) throw noCodec(this.kind); // not reached: the constructor refused such a transport
    let encoded = frame.body === undefined ? undefined : encodeBody(activeCodec, frame.body, frame.method, !this.remoteInflates);
    frame.codec = activeCodec.id;
    if (encoded instanceof Uint8Array && this.remoteInflates && encoded.byteLength >= this.options.compressionThreshold) {
      const packed = this.options.compressor?.compress?.(encoded);
      if (packed !== undefined && packed.byteLength < encoded.byteLength) {
        encoded = packed;
        frame = { ...frame, flags: frame.flags | FrameFlag.Compressed };
      }
    }
    const queued = this.outbox.queues;
    const data = isorpcProtocol.encodeFrame(frame, encoded, queued);
    const size = queued ? data.byteLength - LENGTH_PREFIX_BYTES : data.byteLength;
    if (size > this.remoteMaxFrameSize) {
      throw new RpcError('FRAME_TOO_LARGE', `A frame of ${size} bytes for ${frame.method || 'a reply'} exceeds the peer's limit of ${this.remoteMaxFrameSize} bytes; raise maxFrameSize on both peers or send less`);
    }
    this.emit(this.kind === 'message' && queued ? data.subarray(LENGTH_PREFIX_BYTES) : data);
    if (queued) this.outbox.push(data);
    else this.transport.send(data);
  }

  /** Sends a frame encoded once for many peers (broadcast); false when over the peer's limit. */
  sendPrepared(prepared: PreparedFrame): boolean {
    const prefixed = (prepared.bytes ??= encodePrepared(prepared));
    if (prefixed.byteLength - LENGTH_PREFIX_BYTES > this.remoteMaxFrameSize) return false;
    this.emit(this.kind === 'stream' ? prefixed : prefixed.subarray(LENGTH_PREFIX_BYTES));
    if (this.outbox.queues) this.outbox.push(prefixed);
    else this.transport.send(prefixed.subarray(LENGTH_PREFIX_BYTES));
    return true;
  }

  /** Sends what this tick queued, now (before the transport closes). */
  flush(): void {
    this.outbox.flush();
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

  /** One chunk (stream) or message from the transport. */
  receive(data: unknown): void {
    if (this.host.closed) return;
    try {
      for (const plugin of this.options.plugins) plugin.beforeDecode?.(data, this.host.peer);
      if (this.streamDecoder !== undefined) this.decodeAll(this.streamDecoder.decode(data as Uint8Array));
      else this.receiveMessage(data);
      this.heard = true;
    } catch (error) {
      const reason = RpcError.from(error, 'PROTOCOL');
      this.host.fail(this.heard ? reason : notIsorpc(reason, data));
    }
  }

  /** One WebSocket message: a frame, or a batch of them. */
  private receiveMessage(data: unknown): void {
    if (!(data instanceof Uint8Array)) throw new RpcError('PROTOCOL', 'Received a text message; isorpc sends binary messages only');
    if (data.byteLength > this.options.maxFrameSize) {
      throw new RpcError('FRAME_TOO_LARGE', `Received a frame of ${data.byteLength} bytes, over the limit of ${this.options.maxFrameSize} bytes; raise maxFrameSize on both peers or send smaller messages`);
    }
    if (isBatch(data)) this.decodeAll(splitBatch(data, this.options.maxFrameSize));
    else this.inbox.push(isorpcProtocol.decodeFrame(data, this.options.maxMetadataSize));
  }

  private decodeAll(messages: Uint8Array[]): void {
    for (const message of messages) {
      this.inbox.push(isorpcProtocol.decodeFrame(message, this.options.maxMetadataSize));
      if (this.host.closed) return;
    }
  }

  private emit(data: unknown): void {
    for (const plugin of this.options.plugins) plugin.afterEncode?.(data, this.host.peer);
  }
}

/** The frame I/O of byte transports, for the {@link Connection}s that may meet one. */
export const createByteFrameIo: FrameIoFactory = (transport, options, host) => new ByteFrameIo(transport, options, host);

/**
 * A failure on the very first bytes a peer sent: most likely the address reaches another protocol (an
 * HTTP server, a JSON-RPC endpoint). The reason keeps its code; its message shows what arrived.
 */
function notIsorpc(reason: RpcError, data: unknown): RpcError {
  const start = typeof data === 'string' ? data.slice(0, 24) : data instanceof Uint8Array ? String.fromCharCode(...data.subarray(0, 24)) : '';
  const shown = start.replace(/[^\x20-\x7e]/g, '.');
  return new RpcError(reason.code, `${reason.message}. The other side began with "${shown}": is it an isorpc server? Check the address and its scheme`, { cause: reason });
}
