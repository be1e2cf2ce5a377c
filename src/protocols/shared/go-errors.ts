import { RpcError } from '../../errors.js';

/**
 * Go net/rpc's error texts, shared by its JSON codec (`gorpc/`) and its gob codec (`gob/`): both send
 * an error as a bare string, so both map it the same way.
 */

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
const BAD_ARGUMENT_TEXT = /^(jsonrpc: request body missing params|json: cannot unmarshal |gob: )/;

/**
 * The RpcError for an error string from a Go server: its "can't find service/method" errors are
 * `NOT_FOUND`, its errors decoding the argument (JSON or gob) `BAD_REQUEST`, anything else the method's own error,
 * `REMOTE`, with the string as the message.
 */
export function errorFromGoText(text: string): RpcError {
  if (NOT_FOUND_TEXT.test(text)) return new RpcError('NOT_FOUND', text);
  if (BAD_ARGUMENT_TEXT.test(text)) return new RpcError('BAD_REQUEST', text);
  return new RpcError('REMOTE', text);
}
