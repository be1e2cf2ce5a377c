import type { ServerCallContext } from './call-context.js';
import type { Peer } from '../core/peer-types.js';
import type { Handler } from './router.js';
import type { Transport } from '../core/transport.js';
import type { ResolvedPeerOptions } from './options.js';
import type { RpcError } from '../errors.js';

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

/**
 * The server's resolved options, as every protocol gets them: `maxFrameSize` and `timeout` (ms, for
 * calls the server makes to the peer) matter to all; the isorpc protocol also applies its limits,
 * plugins, codecs and heartbeat from here.
 */
export type ServeOptions = ResolvedPeerOptions;

/**
 * A peer as the server holds it, whatever its protocol: the server counts it against
 * `maxConnections`, announces it (`connect`) once `ready`, and drains and closes it the same way.
 */
export interface ServedPeer extends Peer {
  /** Settles when the peer may be announced (isorpc: after the handshake); absent: at once. */
  readonly ready?: Promise<void>;
  /** Graceful shutdown: tells the other side to start no new calls here, when the protocol can. */
  drain?(message?: string): void;
  /** Resolves once no call from the other side is being served. */
  idle(): Promise<void>;
  /** Refuses the peer with `reason`, telling the other side when the protocol can, and closes it. */
  fail?(reason: RpcError): void;
}

/**
 * A wire protocol a server speaks on an accepted transport: isorpc's own (the default), JSON-RPC 2.0,
 * Go's net/rpc JSON codec, the HTTP gateway, or one you write. `serve` wraps the transport in a peer that dispatches
 * incoming calls to `handlers`, so the handlers given to `register()`/`handle()` run unchanged
 * whatever the protocol. Pass one to `server.accept(transport, protocol)`; listeners pass theirs.
 */
export interface ServerProtocol {
  /** For logs and error messages, e.g. `'jsonrpc'`. */
  readonly name: string;
  /** Starts serving `transport`. The peer closes when the transport does, and `close()` closes both. */
  serve(transport: Transport, handlers: HandlerLookup, options: ServeOptions): ServedPeer;
}
