import { isErrorCode, RpcError } from './errors.js';
import type { ErrorBody } from './protocol/frame.js';

/** What a handler's thrown value becomes on the wire: always code `REMOTE`. */
export function remoteErrorBody(thrown: unknown, exposeStack: boolean): ErrorBody {
  const body: ErrorBody = { code: 'REMOTE', message: thrown instanceof Error ? thrown.message : String(thrown) };
  if (typeof thrown === 'object' && thrown !== null) {
    const { code, data } = thrown as { code?: unknown; data?: unknown };
    if (typeof code === 'string' || typeof code === 'number') body.remoteCode = code;
    if (data !== undefined) body.data = data;
  }
  if (exposeStack && thrown instanceof Error && thrown.stack) body.stack = thrown.stack;
  return body;
}

/** The wire form of an error isorpc itself raised (NOT_FOUND, BAD_REQUEST, …). */
export function errorBody(error: RpcError): ErrorBody {
  return { code: error.code, message: error.message };
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
