import { isErrorCode, isRpcError, RpcError } from '../errors.js';

/**
 * What a handler's thrown value becomes: always a `REMOTE` RpcError carrying the thrown error's own
 * `code` (as `remoteCode`) and `data`, with the original kept as `cause` (never sent). An RpcError
 * from a call the handler made keeps its code as `remoteCode`, so the caller can tell it from its own.
 */
export function toRemoteError(thrown: unknown): RpcError {
  if (isRpcError(thrown)) {
    const remoteCode = thrown.code === 'REMOTE' ? thrown.remoteCode : thrown.code;
    return new RpcError('REMOTE', thrown.message, { remoteCode, data: thrown.data, cause: thrown });
  }
  let message = thrown instanceof Error ? thrown.message : String(thrown);
  let remoteCode: string | number | undefined;
  let data: unknown;
  if (typeof thrown === 'object' && thrown !== null) {
    const fields = thrown as { code?: unknown; data?: unknown; message?: unknown };
    // A thrown plain object ({ code, message }) says its message; String() would say [object Object].
    if (typeof fields.message === 'string') message = fields.message;
    if (typeof fields.code === 'string' || typeof fields.code === 'number') remoteCode = fields.code;
    data = fields.data;
  }
  return new RpcError('REMOTE', message, { remoteCode, data, cause: thrown });
}

/** The wire form of an error. A `REMOTE` error's stack is included only when the server opted in. */
export function errorBody(error: RpcError, exposeStack = false): ErrorBody {
  const body: ErrorBody = { code: error.code, message: error.message };
  if (error.remoteCode !== undefined) body.remoteCode = error.remoteCode;
  if (error.data !== undefined) body.data = error.data;
  if (exposeStack && error.code === 'REMOTE' && error.cause instanceof Error && error.cause.stack) body.stack = error.cause.stack;
  return body;
}

/** Rebuilds an RpcError from an Error or GoAway body; anything malformed becomes `PROTOCOL`. */
export function errorFromBody(body: unknown): RpcError {
  if (typeof body !== 'object' || body === null) return new RpcError('PROTOCOL', 'The peer sent an error without a body');
  const { code, message, remoteCode, data, stack } = body as Partial<Record<keyof ErrorBody, unknown>>;
  return new RpcError(isErrorCode(code) ? code : 'INTERNAL', typeof message === 'string' ? message : 'The peer sent an error without a message', {
    remoteCode: typeof remoteCode === 'string' || typeof remoteCode === 'number' ? remoteCode : undefined,
    data,
    remoteStack: typeof stack === 'string' ? stack : undefined,
  });
}

/** The body of an Error frame, and of a GoAway frame that closes for a reason. */
export interface ErrorBody {
  /** The error code. */
  code: string;
  /** What went wrong and what to do. */
  message: string;
  /** GoAway only: the sender is shutting down gracefully; running calls finish, start no new ones. */
  drain?: boolean;
  /** The handler's own error code, for `REMOTE`. */
  remoteCode?: string | number;
  /** The handler's error data, for `REMOTE`. */
  data?: unknown;
  /** The handler's stack, when the server sets `exposeStack`. */
  stack?: string;
}
