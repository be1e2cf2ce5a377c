import { Router, type Handler } from '../../calls/router.js';
import type { AnyHandler, MethodSchemas, RegisterOptions } from '../../calls/schema.js';
import type { MessagePeer } from './message-peer.js';

// TypeScript takes a class as a mixin base only through a construct signature of `any[]` arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PeerClass = abstract new (...args: any[]) => MessagePeer;

/**
 * The client end of a two-way protocol (JSON-RPC, arpc, rpcx): `Base`, opened with a `Router` of its
 * own as its handlers, plus the `register`/`handle` that fill that router for the server's calls.
 * Written once here rather than in each protocol's client.
 */
export function withOwnHandlers<Base extends PeerClass>(Base: Base) {
  abstract class ClientPeer extends Base {
    register(name: string, impl: object, options?: RegisterOptions): this {
      this.ownRouter().register(name, impl, options);
      return this;
    }

    handle(method: string, handler: AnyHandler, schemas?: MethodSchemas): this {
      this.ownRouter().handle(method, handler as Handler, schemas);
      return this;
    }

    private ownRouter(): Router {
      if (this.router instanceof Router) return this.router;
      throw new TypeError('This peer serves a server\'s handlers; register and handle belong to clients opened with a router of their own');
    }
  }
  return ClientPeer;
}
