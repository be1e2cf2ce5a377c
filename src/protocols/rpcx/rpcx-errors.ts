import { isErrorCode, RpcError } from '../../errors.js';
import type { Metadata } from '../../core/peer-types.js';

/** The metadata key of an error reply's text (rpcx's `protocol.ServiceError`). */
export const RPCX_ERROR_KEY = '__rpcx_error__';
/** isorpc's own addition to an error reply: the RpcError code, so isorpc callers keep it. Go clients ignore it. */
export const ISORPC_CODE_KEY = '__isorpc_code__';
/** Request metadata with the caller's credentials (rpcx's `share.AuthKey`). */
export const RPCX_AUTH_KEY = '__AUTH';
/** Request metadata with the caller's remaining time in ms (rpcx's `share.ServerTimeout`). */
export const RPCX_TIMEOUT_KEY = '__ServerTimeout';

const NOT_FOUND_TEXT = /^rpcx: can't find (service|method) /;

/**
 * The text rpcx's server sends for a call it cannot route, so Go callers comparing error strings see
 * the same from isorpc: an unknown service, or an unknown method of a known service.
 */
export function rpcxNotFoundText(servicePath: string, serviceMethod: string, methods: readonly string[]): string {
  const prefix = `${servicePath}.`;
  return methods.some((name) => name.startsWith(prefix)) ? `rpcx: can't find method ${serviceMethod}` : `rpcx: can't find service ${servicePath}`;
}

/**
 * The metadata of an error reply: the text, and the code unless the text alone says it (a handler's
 * error, `REMOTE`; rpcx's routing errors, `NOT_FOUND`), so those replies are byte for byte rpcx's.
 */
export function errorMetadata(error: RpcError, responseMetadata: Metadata | undefined): Metadata {
  const text = error.message || 'unspecified error';
  const metadata: Metadata = { ...responseMetadata, [RPCX_ERROR_KEY]: text };
  const implied = error.code === 'REMOTE' || (error.code === 'NOT_FOUND' && NOT_FOUND_TEXT.test(text));
  if (!implied) metadata[ISORPC_CODE_KEY] = error.code;
  return metadata;
}

/**
 * The RpcError of an error reply: the code isorpc sent, else `NOT_FOUND` for rpcx's routing errors,
 * else `REMOTE` (the handler's error) with the text as the message.
 */
export function errorFromReply(metadata: Metadata): RpcError {
  const text = metadata[RPCX_ERROR_KEY] ?? 'The rpcx server answered with status Error and no __rpcx_error__ text';
  const code = metadata[ISORPC_CODE_KEY];
  if (isErrorCode(code)) return new RpcError(code, text);
  return new RpcError(NOT_FOUND_TEXT.test(text) ? 'NOT_FOUND' : 'REMOTE', text);
}

const RESERVED: ReadonlySet<string> = new Set([RPCX_AUTH_KEY, RPCX_TIMEOUT_KEY, RPCX_ERROR_KEY, ISORPC_CODE_KEY]);

/** The metadata a handler or caller sees: rpcx's reserved keys (mapped to auth, deadline, errors) left out. */
export function userMetadata(metadata: Metadata): Metadata {
  let copy: Metadata | undefined;
  for (const key in metadata) {
    if (!RESERVED.has(key)) continue;
    copy ??= { ...metadata };
    delete copy[key];
  }
  return copy ?? metadata;
}

/** `__ServerTimeout` as ms (0 = none); a malformed value is ignored, as rpcx's server does. */
export function timeoutFromMetadata(metadata: Metadata): number {
  const text = metadata[RPCX_TIMEOUT_KEY];
  if (text === undefined || !/^\d{1,15}$/.test(text)) return 0;
  return Number(text);
}
