import { isRpcError, RpcError } from '../errors.js';
import type { ServerCallContext } from './call-context.js';
import type { Authenticate, AuthOutcome } from './options.js';
import type { Peer } from '../core/peer-types.js';

/** Decides whether a peer may connect: return what `peer.auth` should hold, or `false` / throw to refuse. */
export type AuthHook = (credentials: string | undefined, peer: Peer) => unknown;

/** Decides whether one call may run; `false` (or a throw) answers `PERMISSION_DENIED`. */
export type AuthorizeHook = (ctx: ServerCallContext) => boolean | Promise<boolean>;


/** Wraps a user's hook into the connections' `authenticate` option (see `runAuthentication`). */
export function toAuthenticate(hook: AuthHook): Authenticate {
  return (credentials, peer) => runAuthentication(hook, credentials, peer);
}

/**
 * Runs the hook and never rejects. A refusal is `UNAUTHENTICATED`: with the hook's message when it
 * threw an RpcError of that code, otherwise a generic one (internal errors are not shown to peers).
 */
async function runAuthentication(hook: AuthHook, credentials: unknown, peer: Peer): Promise<AuthOutcome> {
  try {
    const value = await hook(typeof credentials === 'string' ? credentials : undefined, peer);
    if (value !== false) return { ok: true, value };
  } catch (error) {
    if (isRpcError(error) && error.code === 'UNAUTHENTICATED') return { ok: false, reason: error };
  }
  return { ok: false, reason: new RpcError('UNAUTHENTICATED', 'The server refused the credentials; pass valid ones with the auth option of connect()') };
}
