import { gob, type GobType } from './gob-types.js';

/**
 * net/rpc's headers on a gob stream: each call is a `Request` value then the argument value; each reply
 * a `Response` value then the reply value (an empty struct when `Error` is set). `Seq` matches them.
 */

/** `rpc.Request` as Go defines it. */
export interface GobRpcRequest {
  ServiceMethod: string;
  Seq: number | bigint;
}

/** `rpc.Response` as Go defines it; `Error` is `''` on success. */
export interface GobRpcResponse {
  ServiceMethod: string;
  Seq: number | bigint;
  Error: string;
}

/** The gob type of `rpc.Request`. */
export const REQUEST_TYPE: GobType = gob.struct('Request', { ServiceMethod: gob.string, Seq: gob.uint });
/** The gob type of `rpc.Response`. */
export const RESPONSE_TYPE: GobType = gob.struct('Response', { ServiceMethod: gob.string, Seq: gob.uint, Error: gob.string });
/** The body Go's server sends with an error: `struct{}{}`. */
export const EMPTY_STRUCT: GobType = gob.struct('', {});

/** The path where `rpc.HandleHTTP` serves calls (`rpc.DefaultRPCPath`). */
export const DEFAULT_GOB_RPC_PATH = '/_goRPC_';
/** The path of Go's debug page (`rpc.DefaultDebugPath`). */
export const DEFAULT_GOB_DEBUG_PATH = '/debug/rpc';
/** Go's answer to the `CONNECT` that opens a gob stream over HTTP. */
export const CONNECTED_STATUS = '200 Connected to Go RPC';

/** Tells a header from what a peer sent: a plain object with a string `ServiceMethod` and a numeric `Seq`. */
export function isHeader(value: unknown): value is { ServiceMethod: string; Seq: number | bigint; Error?: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const { ServiceMethod, Seq } = value as Record<string, unknown>;
  return typeof ServiceMethod === 'string' && (typeof Seq === 'number' || typeof Seq === 'bigint');
}
