import { RpcError } from '../../errors.js';

/**
 * The wire format of Go's `net/rpc/jsonrpc` (JSON-RPC 1.0 on a stream): JSON values back to back,
 * each followed by a newline, no length prefix.
 */

/** A request as Go's client writes it; `params` always holds exactly one value. */
export interface GoRequest {
  /** `Service.Method`. */
  method: string;
  /** The argument, as a one-element array. */
  params: [unknown];
  /** Matches the reply to the request. */
  id: number;
}

/** A reply as Go's server writes it. Exactly one of `result` and `error` is non-null: Go's client
 * treats a reply with both null as a fatal protocol error. */
export interface GoResponse {
  /** The request's id. */
  id: unknown;
  /** The reply; null on error. */
  result: unknown;
  /** The error's text; null on success. */
  error: string | null;
}

/** Go's error for a request whose `params` is missing or null. */
export const MISSING_PARAMS = 'jsonrpc: request body missing params';

/**
 * The text Go's server sends for a method it does not have, so Go callers that compare error strings
 * behave the same against isorpc: ill-formed (no dot), unknown service, or unknown method of a known
 * service.
 */
export function goNotFoundText(method: string, methods: readonly string[]): string {
  const dot = method.lastIndexOf('.');
  if (dot < 0) return `rpc: service/method request ill-formed: ${method}`;
  const service = method.slice(0, dot + 1);
  return methods.some((name) => name.startsWith(service)) ? `rpc: can't find method ${method}` : `rpc: can't find service ${method}`;
}

const NOT_FOUND_TEXT = /^rpc: (can't find (service|method) |service\/method request ill-formed)/;
const BAD_ARGUMENT_TEXT = /^(jsonrpc: request body missing params|json: cannot unmarshal )/;

/**
 * The RpcError for an error string from a Go server: its "can't find service/method" errors are
 * `NOT_FOUND`, its errors decoding the argument `BAD_REQUEST`, anything else the method's own error,
 * `REMOTE`, with the string as the message.
 */
export function errorFromGoText(text: string): RpcError {
  if (NOT_FOUND_TEXT.test(text)) return new RpcError('NOT_FOUND', text);
  if (BAD_ARGUMENT_TEXT.test(text)) return new RpcError('BAD_REQUEST', text);
  return new RpcError('REMOTE', text);
}
