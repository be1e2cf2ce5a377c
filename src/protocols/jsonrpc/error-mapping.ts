import { RpcError, type ErrorCode } from '../../errors.js';
import { JsonRpcErrorCode, type JsonRpcErrorObject } from './messages.js';

/** isorpc codes with a standard JSON-RPC counterpart. */
const TO_JSONRPC: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: JsonRpcErrorCode.MethodNotFound,
  BAD_REQUEST: JsonRpcErrorCode.InvalidParams,
  PROTOCOL: JsonRpcErrorCode.ParseError,
  FRAME_TOO_LARGE: JsonRpcErrorCode.InvalidRequest,
  INTERNAL: JsonRpcErrorCode.InternalError,
};

/** Standard JSON-RPC codes and the isorpc code each becomes on receipt. */
const FROM_JSONRPC: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [JsonRpcErrorCode.ParseError, 'PROTOCOL'],
  [JsonRpcErrorCode.InvalidRequest, 'BAD_REQUEST'],
  [JsonRpcErrorCode.MethodNotFound, 'NOT_FOUND'],
  [JsonRpcErrorCode.InvalidParams, 'BAD_REQUEST'],
  [JsonRpcErrorCode.InternalError, 'INTERNAL'],
]);

/**
 * The JSON-RPC error object for an isorpc error. A handler's error (`REMOTE`) keeps its own numeric
 * `code` when it has an integer one, else gets -32000; its `message` and `data` travel as they are.
 * A string `remoteCode` has no place in JSON-RPC and is dropped. Other isorpc codes map to the
 * standard codes (NOT_FOUND -32601, BAD_REQUEST -32602, PROTOCOL -32700, INTERNAL -32603), with
 * TIMEOUT, CANCELLED, CLOSED and UNAVAILABLE as -32603 too.
 */
export function toJsonRpcError(error: RpcError): JsonRpcErrorObject {
  if (error.code === 'REMOTE') {
    const code = Number.isInteger(error.remoteCode) ? (error.remoteCode as number) : JsonRpcErrorCode.ServerError;
    const out: JsonRpcErrorObject = { code, message: error.message };
    if (error.data !== undefined) out.data = error.data;
    return out;
  }
  const out: JsonRpcErrorObject = { code: TO_JSONRPC[error.code] ?? JsonRpcErrorCode.InternalError, message: error.message };
  // e.g. the issues of an argument its schema refused (-32602 with data.issues)
  if (error.data !== undefined) out.data = error.data;
  return out;
}

/**
 * The RpcError for a received JSON-RPC error object: the standard codes map back (-32601 NOT_FOUND,
 * -32600 and -32602 BAD_REQUEST, -32700 PROTOCOL, -32603 INTERNAL); any other code is an application
 * error, `REMOTE`. `remoteCode` is the JSON-RPC code in every case, `data` is kept.
 */
export function fromJsonRpcError(error: JsonRpcErrorObject): RpcError {
  const code = FROM_JSONRPC.get(error.code) ?? 'REMOTE';
  return new RpcError(code, error.message, { remoteCode: error.code, data: error.data });
}
