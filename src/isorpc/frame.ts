import type { ErrorBody } from '../calls/error-body.js';
import type { Metadata } from '../core/peer-types.js';

export type { ErrorBody, Metadata };

/** Frame types of the isorpc protocol; docs/PROTOCOL.md gives each one's body. */
export const FrameType = {
  /** Dialer → acceptor, first frame: protocol version, codec, limits. */
  Hello: 1,
  /** Acceptor → dialer: the handshake succeeded. */
  Welcome: 2,
  /** A call that expects a reply. */
  Request: 3,
  /** A successful reply to request `seq`. */
  Response: 4,
  /** A failed request: the body is `{ code, message, remoteCode?, data?, stack? }`. */
  Error: 5,
  /** A request that gets no reply. */
  Notify: 6,
  /** The caller gave up on request `seq`. */
  Cancel: 7,
  /** Are you there? The peer answers with a Pong. */
  Ping: 8,
  /** The answer to a Ping. */
  Pong: 9,
  /** The sender is closing the connection; the body says why. */
  GoAway: 10,
  /** Handler → caller: one item of a streamed reply. */
  StreamItem: 11,
  /** Handler → caller: the streamed reply is complete. */
  StreamEnd: 12,
  /** Caller → handler: the handler may send `body` more reply items. */
  StreamCredit: 13,
  /** Caller → handler: one item of a streamed argument. */
  ArgItem: 14,
  /** Caller → handler: the streamed argument is complete. */
  ArgEnd: 15,
  /** Handler → caller: the caller may send `body` more argument items. */
  ArgCredit: 16,
} as const;

export type FrameType = (typeof FrameType)[keyof typeof FrameType];

const FRAME_TYPES: ReadonlySet<number> = new Set(Object.values(FrameType));

/** Bits of a frame's `flags`. */
export const FrameFlag = {
  /** Request: the argument is a stream; ArgItem frames follow, then ArgEnd. */
  ArgStream: 0x01,
  /** Request: the caller reads the reply as a stream (StreamItem frames, then StreamEnd). */
  StreamReply: 0x02,
  /** Any frame with a body on a byte transport: the body is deflate-raw compressed (RFC 1951). */
  Compressed: 0x04,
} as const;

/** Every flag bit this version understands; a frame with any other bit set is a protocol error. */
export const KNOWN_FLAGS = FrameFlag.ArgStream | FrameFlag.StreamReply | FrameFlag.Compressed;

/** Tells whether `type` is a frame type this version understands. */
export function isFrameType(type: unknown): type is FrameType {
  return typeof type === 'number' && FRAME_TYPES.has(type);
}

/** One protocol message. */
export interface Frame {
  /** Which frame this is. */
  type: FrameType;
  /** {@link FrameFlag} bits. */
  flags: number;
  /** Matches a reply to its request; 0 for frames that belong to the connection. */
  seq: number;
  /** `Service.method` or a route for requests and notifications; `''` otherwise. */
  method: string;
  /** String pairs sent with requests, notifications and replies. */
  metadata: Metadata | undefined;
  /** Requests: milliseconds the caller will wait (its deadline); 0 means no deadline. */
  timeout: number;
  /** Id of the codec that encoded `body`; 0 when `body` is a structured-clone value. */
  codec: number;
  /** Encoded bytes (byte transports), a plain value (value transports) or `undefined` when absent. */
  body: unknown;
}

/** The body of a Hello frame (and of a Welcome frame, without `metadata`). */
export interface HelloBody {
  /** The protocol version the sender speaks. */
  version: number;
  /** The largest frame, in bytes, the sender accepts. */
  maxFrameSize: number;
  /** Stream items the sender buffers: the credit every stream towards it starts with. */
  streamWindow: number;
  /** Dialer only: metadata for the acceptor (`peer.remoteMetadata`). */
  metadata?: Metadata;
  /** Dialer only: credentials for the acceptor's auth hook. */
  auth?: string;
  /** Body compressions the sender can decompress (`['deflate-raw']`); absent means none. */
  compression?: string[];
  /** WebSocket and value transports: the sender reads coalesced messages or value batches (several frames in one message); absent means it does not. */
  coalesce?: boolean;
}
