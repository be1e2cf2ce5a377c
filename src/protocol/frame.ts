/** String key/value pairs sent with a call and its reply (like HTTP headers or rpcx metadata). */
export type Metadata = Record<string, string>;

/** Frame types of the isorpc protocol; docs/PROTOCOL.md gives each one's body. */
export const FrameType = {
  /** Dialer → acceptor, first frame: protocol version, codec, limits. */
  Hello: 1,
  /** Acceptor → dialer: the handshake succeeded. */
  Welcome: 2,
  Request: 3,
  Response: 4,
  /** A failed request: the body is `{ code, message, remoteCode?, data?, stack? }`. */
  Error: 5,
  /** A request that gets no reply. */
  Notify: 6,
  /** The caller gave up on request `seq`. */
  Cancel: 7,
  Ping: 8,
  Pong: 9,
  /** The sender is closing the connection; the body says why. */
  GoAway: 10,
} as const;

export type FrameType = (typeof FrameType)[keyof typeof FrameType];

const FRAME_TYPES: ReadonlySet<number> = new Set(Object.values(FrameType));

/** Tells whether `type` is a frame type this version understands. */
export function isFrameType(type: unknown): type is FrameType {
  return typeof type === 'number' && FRAME_TYPES.has(type);
}

/** One protocol message. */
export interface Frame {
  type: FrameType;
  /** Matches a reply to its request; 0 for frames that belong to the connection. */
  seq: number;
  /** `Service.method` or a route for requests and notifications; `''` otherwise. */
  method: string;
  metadata: Metadata | undefined;
  /** Requests: milliseconds the caller will wait (its deadline); 0 means no deadline. */
  timeout: number;
  /** Id of the codec that encoded `body`; 0 when `body` is a structured-clone value. */
  codec: number;
  /** Encoded bytes (byte transports), a plain value (value transports) or `undefined` when absent. */
  body: unknown;
}

/** The body of a Hello frame. */
export interface HelloBody {
  version: number;
  /** The largest frame, in bytes, the sender accepts. */
  maxFrameSize: number;
}

/** The body of an Error frame, and of a GoAway frame that closes for a reason. */
export interface ErrorBody {
  code: string;
  message: string;
  remoteCode?: string | number;
  data?: unknown;
  stack?: string;
}
