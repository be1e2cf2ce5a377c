/** JSON-RPC 2.0 message shapes (https://www.jsonrpc.org/specification) and how to tell them apart. */

/** The `jsonrpc` member every 2.0 message carries. */
export const JSONRPC_VERSION = '2.0';

/** The error codes the specification reserves, plus isorpc's default for handler errors. */
export const JsonRpcErrorCode = {
  /** The message is not valid JSON. */
  ParseError: -32700,
  /** The JSON is not a valid request. */
  InvalidRequest: -32600,
  /** No such method. */
  MethodNotFound: -32601,
  /** The parameters do not fit the method. */
  InvalidParams: -32602,
  /** The server failed to answer. */
  InternalError: -32603,
  /** isorpc's code for a handler error that carries no numeric `code` of its own. */
  ServerError: -32000,
} as const;

/** A request id: JSON-RPC allows strings, numbers and (discouraged) null. */
export type JsonRpcId = string | number | null;

/** A JSON-RPC 2.0 request; without `id` it is a notification. */
export interface JsonRpcRequest {
  /** Always `'2.0'`. */
  jsonrpc: typeof JSONRPC_VERSION;
  /** The method to call. */
  method: string;
  /** Arguments by position (array) or by name (object). */
  params?: unknown[] | Record<string, unknown>;
  /** Matches the response; absent for a notification. */
  id?: JsonRpcId;
}

/** The `error` member of a failed response. */
export interface JsonRpcErrorObject {
  /** An integer: a reserved code or the application's. */
  code: number;
  /** A short description. */
  message: string;
  /** Anything more the server adds. */
  data?: unknown;
}

/** A JSON-RPC 2.0 response: exactly one of `result` and `error`. */
export type JsonRpcResponse =
  | {
      /** Always `'2.0'`. */
      jsonrpc: typeof JSONRPC_VERSION;
      /** The request's id. */
      id: JsonRpcId;
      /** The reply. */
      result: unknown;
    }
  | {
      /** Always `'2.0'`. */
      jsonrpc: typeof JSONRPC_VERSION;
      /** The request's id (null when it could not be read). */
      id: JsonRpcId;
      /** What went wrong. */
      error: JsonRpcErrorObject;
    };

/** What one received array element or object is. */
export type JsonRpcInput =
  | { kind: 'request'; method: string; params: unknown; id: JsonRpcId }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'response'; id: JsonRpcId; result: unknown; error: JsonRpcErrorObject | undefined }
  | { kind: 'invalid'; id: JsonRpcId; reason: string };

function isId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorObject(value: unknown): value is JsonRpcErrorObject {
  return isRecord(value) && typeof value.code === 'number' && typeof value.message === 'string';
}

/**
 * Classifies one message (or one batch element). Requests are checked strictly, as the specification
 * asks (`jsonrpc: "2.0"`, a string `method`, `params` an array or object); responses leniently, since
 * some servers omit `jsonrpc`: anything with an `id` and a `result` or a well-formed `error` is one.
 */
export function classifyMessage(message: unknown): JsonRpcInput {
  if (!isRecord(message)) return { kind: 'invalid', id: null, reason: 'a request must be a JSON object' };
  const id = isId(message.id) ? message.id : null;
  if (!('method' in message)) {
    if ('id' in message && ('result' in message || isErrorObject(message.error))) {
      return { kind: 'response', id, result: message.result, error: isErrorObject(message.error) ? message.error : undefined };
    }
    return { kind: 'invalid', id, reason: 'the object has no "method" (and is not a response)' };
  }
  if (message.jsonrpc !== JSONRPC_VERSION) return { kind: 'invalid', id, reason: 'the "jsonrpc" member must be exactly "2.0"' };
  if (typeof message.method !== 'string') return { kind: 'invalid', id, reason: 'the "method" member must be a string' };
  const params = message.params;
  if (params !== undefined && typeof params !== 'object') return { kind: 'invalid', id, reason: 'the "params" member must be an array or an object' };
  if (params === null) return { kind: 'invalid', id, reason: 'the "params" member must be an array or an object, not null' };
  if (!('id' in message)) return { kind: 'notification', method: message.method, params };
  if (!isId(message.id)) return { kind: 'invalid', id: null, reason: 'the "id" member must be a string, a number or null' };
  return { kind: 'request', method: message.method, params, id: message.id };
}

/** A success response. A handler's `undefined` becomes `null`: `result` is required. */
export function resultResponse(id: JsonRpcId, result: unknown): JsonRpcResponse {
  return { jsonrpc: JSONRPC_VERSION, id, result: result === undefined ? null : result };
}

/** An error response; `data` is left out when absent. */
export function errorResponse(id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcResponse {
  const body: JsonRpcErrorObject = { code: error.code, message: error.message };
  if (error.data !== undefined) body.data = error.data;
  return { jsonrpc: JSONRPC_VERSION, id, error: body };
}

/** JSON text of an error response, for answers built outside a peer (an HTTP 413, say). */
export function errorResponseText(id: JsonRpcId, error: JsonRpcErrorObject): string {
  return JSON.stringify(errorResponse(id, { code: error.code, message: error.message }));
}
