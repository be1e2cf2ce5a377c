import type { Peer } from '../core/peer-types.js';
import type { ClientMiddleware } from './middleware.js';
import { createProxy, type ServiceProxy } from './proxy.js';
import type { Handler, Router } from './router.js';
import type { AnyHandler, MethodSchemas, RegisterOptions } from './schema.js';

/**
 * The methods every peer kind offers, written once as two mixins: `register`/`handle` fill the router
 * of the peer's own handlers ({@link withHandlers}: servers and clients), `use`/`proxy` wrap the calls
 * it makes ({@link withCallerKit}: every client). A class says where its router and middleware live;
 * the mixin does the rest and returns the peer, so calls chain.
 */

// TypeScript takes a class as a mixin base only through a construct signature of `any[]` arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Class = abstract new (...args: any[]) => object;

/** The base of a peer class that extends nothing else. */
export class PeerRoot {}

/** Adds `register` and `handle`, filling the router `ownHandlers()` returns. */
export function withHandlers<Base extends Class>(Base: Base) {
  abstract class WithHandlers extends Base {
    /** @internal The router of this peer's own handlers; throws a TypeError where the peer has none. */
    abstract ownHandlers(): Router;

    register(name: string, impl: object, options?: RegisterOptions): this {
      this.ownHandlers().register(name, impl, options);
      return this;
    }

    handle(method: string, handler: AnyHandler, schemas?: MethodSchemas): this {
      this.ownHandlers().handle(method, handler as Handler, schemas);
      return this;
    }
  }
  return WithHandlers;
}

/** Adds `use` (client middleware, into the list `clientMiddleware()` returns) and `proxy`. */
export function withCallerKit<Base extends Class>(Base: Base) {
  abstract class WithCallerKit extends Base {
    /** @internal The middleware around the calls this peer makes, outermost first. */
    abstract clientMiddleware(): ClientMiddleware[];

    use(middleware: ClientMiddleware): this {
      if (typeof middleware !== 'function') throw new TypeError('use(fn): fn must be a function (call, next) => Promise<reply>');
      this.clientMiddleware().push(middleware);
      return this;
    }

    proxy<Service>(name: string): ServiceProxy<Service> {
      // Every class the kit is mixed into is a Peer; its base here may not be one yet (MessagePeer's).
      return createProxy<Service>(this as unknown as Peer, name, this.clientMiddleware());
    }
  }
  return WithCallerKit;
}
