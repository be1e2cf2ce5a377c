import { IncomingCall } from './call-context.js';
import { toRemoteError } from './error-body.js';
import { isRpcError, RpcError } from '../errors.js';
import { isAsyncIterable } from './streams/stream-receiver.js';
import type { Peer } from '../core/peer-types.js';
import type { Metadata } from '../core/peer-types.js';
import type { HandlerLookup } from './server-protocol.js';

/** What serving one call came to: the handler's reply, or an error to report to the caller. */
export type CallOutcome = ({ readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: RpcError }) & {
  /** What the handler passed to `ctx.setResponseMetadata`, for protocols that carry reply metadata. */
  readonly metadata?: Metadata;
};

/** One incoming call as the non-isorpc protocols hand it over. */
export interface IncomingRequest {
  method: string;
  arg: unknown;
  metadata?: Metadata;
  /** The caller's timeout in ms, when the protocol carries one; 0 = none. */
  timeoutMs?: number;
}

/** The error a caller gets for a method nobody registered (the same text the isorpc protocol sends). */
export function notFoundError(method: string): RpcError {
  return new RpcError('NOT_FOUND', `No method "${method}" is registered on the other side; check the service and method name (they are case-sensitive)`);
}

/**
 * What a thrown value becomes: an RpcError keeps its code (the router already turned handler errors
 * into `REMOTE`; others come from middleware); anything else is `REMOTE`, as in the isorpc protocol.
 */
export function remoteError(thrown: unknown): RpcError {
  return isRpcError(thrown) ? thrown : toRemoteError(thrown);
}

/**
 * Runs the handler registered for `request.method` with the same `ctx` the isorpc protocol gives
 * (method, metadata, deadline, signal, peer), and never rejects. `running` holds the call's context
 * while the handler runs, so the peer can abort it when the connection closes. The one place the
 * non-isorpc protocols call handlers.
 */
export async function serveCall(router: HandlerLookup, peer: Peer, request: IncomingRequest, running: Set<IncomingCall>): Promise<CallOutcome> {
  const handler = router.lookup(request.method);
  if (handler === undefined) return { ok: false, error: notFoundError(request.method) };
  const ctx = new IncomingCall(peer, 0, 0, request.method, request.metadata, request.timeoutMs ?? 0);
  ctx.arg = request.arg;
  running.add(ctx);
  try {
    const value = await router.run(handler, ctx);
    if (!isAsyncIterable(value)) return { ok: true, value, metadata: ctx.takeResponseMetadata() };
    void Promise.resolve(value[Symbol.asyncIterator]().return?.()).catch(() => undefined);
    return { ok: false, error: new RpcError('BAD_REQUEST', `${request.method} returns a stream, which this protocol cannot carry; call it over isorpc (tcp://, ws://) with stream()`) };
  } catch (thrown) {
    return { ok: false, error: remoteError(thrown), metadata: ctx.takeResponseMetadata() };
  } finally {
    ctx.release();
    running.delete(ctx);
  }
}
