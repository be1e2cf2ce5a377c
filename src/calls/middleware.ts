import type { ServerCallContext } from './call-context.js';
import type { CallOptions, Peer } from '../core/peer-types.js';

/**
 * Server middleware, onion style. Call `next()` to run the rest of the chain and the handler; it
 * resolves with the handler's result or rejects with its error (handler errors arrive as `REMOTE`
 * RpcErrors). Return a result to reply with it, throw to reply with an error, or skip `next()` to
 * answer without the handler.
 */
export type ServerMiddleware = (ctx: ServerCallContext, next: () => Promise<unknown>) => Promise<unknown>;

/** An outgoing call as client middleware sees it; `arg` and `options` may be changed before `next()`. */
export interface OutgoingCall {
  /** The method being called. */
  readonly method: string;
  /** The argument; middleware may replace it before `next()`. */
  arg: unknown;
  /** The call options (metadata, timeout, …); middleware may replace them before `next()`. */
  options: CallOptions;
  /** The connection the call goes out on. */
  readonly peer: Peer;
}

/**
 * Client middleware, onion style: `next()` sends the call (with the current `arg` and `options`) and
 * resolves with the reply; call it again to retry. Applies to `call()`, `go()` and typed proxies' calls
 * (a streaming proxy method up to its first item); `stream()` is not wrapped.
 */
export type ClientMiddleware = (call: OutgoingCall, next: () => Promise<unknown>) => Promise<unknown>;

/**
 * Runs `context` through `chain`, ending with `last`. Calling `next()` again runs the rest of the
 * chain again: that is how a client middleware retries.
 */
export function runChain<C>(chain: ReadonlyArray<(context: C, next: () => Promise<unknown>) => Promise<unknown>>, context: C, last: () => Promise<unknown>): Promise<unknown> {
  const step = (index: number): Promise<unknown> => {
    const middleware = chain[index];
    return middleware === undefined ? last() : middleware(context, () => step(index + 1));
  };
  return step(0);
}
