import { withHandlers } from '../../calls/peer-kit.js';
import { Router } from '../../calls/router.js';
import type { MessagePeer } from './message-peer.js';

// TypeScript takes a class as a mixin base only through a construct signature of `any[]` arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PeerClass = abstract new (...args: any[]) => MessagePeer;

/**
 * The client end of a two-way protocol (JSON-RPC, arpc, rpcx): `Base` with the peer kit's
 * `register`/`handle`, filling the `Router` it was opened with for the server's calls.
 */
export function withOwnHandlers<Base extends PeerClass>(Base: Base) {
  abstract class ClientPeer extends withHandlers(Base) {
    ownHandlers(): Router {
      if (this.router instanceof Router) return this.router;
      throw new TypeError("This peer serves a server's handlers; register and handle belong to clients opened with a router of their own");
    }
  }
  return ClientPeer;
}
