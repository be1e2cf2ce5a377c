import type { ServerCallContext } from '../calls/call-context.js';
import type { Peer } from './peer-types.js';
import type { Handler } from '../calls/router.js';
import type { Transport } from './transport.js';

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
