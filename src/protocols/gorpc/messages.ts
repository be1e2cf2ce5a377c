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
