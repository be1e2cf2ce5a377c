import type { ResolvedPeerOptions } from './options.js';
import type { Peer } from './peer-types.js';
import type { Router } from './router.js';
import type { Transport } from './transport.js';

/**
 * A wire protocol a server can speak on an accepted transport instead of isorpc's own (JSON-RPC 2.0,
 * Go's net/rpc JSON codec, the HTTP gateway). `serve` wraps the transport in a peer that dispatches
 * incoming calls to `router`, so the handlers given to `register()`/`handle()` run unchanged whatever
 * the protocol. Pass one to `server.accept(transport, protocol)`; listeners pass theirs for you.
 */
export interface ServerProtocol {
  /** For logs and error messages, e.g. `'jsonrpc'`. */
  readonly name: string;
  /** Starts serving `transport`. The peer closes when the transport does, and `close()` closes both. */
  serve(transport: Transport, router: Router, options: ResolvedPeerOptions): Peer;
}
