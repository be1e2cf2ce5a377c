import type { ServerCallContext } from '../calls/middleware.js';
import type { Peer } from './peer-types.js';
import type { Handler } from '../calls/router.js';
import type { Transport } from './transport.js';
import type { Compression } from './compression.js';
import type { Authenticate } from './options.js';

/**
 * The server's registered methods, as a protocol sees them. Structural on purpose (the server passes
 * its Router), so the declarations of every entry point agree on it.
 */
export interface HandlerLookup {
  /** The handler registered for `method` (`Service.method` or a route), if any. */
  lookup(method: string): Handler | undefined;
  /** Every registered method name, sorted. */
  methods(): string[];
  /** Runs `handler` for `ctx` through the server's middleware (see Router.run). */
  run(handler: Handler, ctx: ServerCallContext): unknown;
}

/** The server options a protocol applies. */
export interface ServeOptions {
  /** Largest message accepted or sent, in bytes. */
  readonly maxFrameSize: number;
  /** Default timeout of calls the server makes to the peer, in ms (0 = none). */
  readonly timeout: number;
  /** Largest metadata block of one message, in bytes (protocols that carry metadata). */
  readonly maxMetadataSize?: number;
  /** Deepest nesting of a decoded body (protocols that decode bodies themselves). */
  readonly maxDepth?: number;
  /** The platform's body compression (protocols with compressed bodies, e.g. rpcx's gzip). */
  readonly compressor?: Compression;
  /** Compress bodies at least this long (bytes); `Infinity` never. */
  readonly compressionThreshold?: number;
  /** The server's auth hook, for protocols that carry credentials per request (rpcx's `__AUTH`). */
  readonly authenticate?: Authenticate;
}

/**
 * A wire protocol a server can speak on an accepted transport instead of isorpc's own (JSON-RPC 2.0,
 * Go's net/rpc JSON codec, the HTTP gateway). `serve` wraps the transport in a peer that dispatches
 * incoming calls to `handlers`, so the handlers given to `register()`/`handle()` run unchanged
 * whatever the protocol. Pass one to `server.accept(transport, protocol)`; listeners pass theirs.
 */
export interface ServerProtocol {
  /** For logs and error messages, e.g. `'jsonrpc'`. */
  readonly name: string;
  /** Starts serving `transport`. The peer closes when the transport does, and `close()` closes both. */
  serve(transport: Transport, handlers: HandlerLookup, options: ServeOptions): Peer;
}
