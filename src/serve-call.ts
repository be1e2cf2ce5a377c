import { IncomingCall } from './call-context.js';
import { remoteErrorBody } from './error-body.js';
import { RpcError } from './errors.js';
import type { Peer } from './peer-types.js';
import type { Metadata } from './protocol/frame.js';
import type { HandlerLookup } from './server-protocol.js';

/** What serving one call came to: the handler's reply, or an error to report to the caller. */
export type CallOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: RpcError };

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
 * What a handler's thrown value becomes: always `REMOTE`, with the thrown error's own `code` as
 * `remoteCode` and its `data`, exactly as the isorpc protocol reports it.
 */
export function remoteError(thrown: unknown): RpcError {
  const body = remoteErrorBody(thrown, false);
  return new RpcError('REMOTE', body.message, { remoteCode: body.remoteCode, data: body.data, cause: thrown });
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
  const ctx = new IncomingCall(peer, 0, request.method, request.metadata, request.timeoutMs ?? 0);
  running.add(ctx);
  try {
    return { ok: true, value: await handler(request.arg, ctx) };
  } catch (thrown) {
    return { ok: false, error: remoteError(thrown) };
  } finally {
    ctx.release();
    running.delete(ctx);
  }
}
