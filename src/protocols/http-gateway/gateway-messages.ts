import type { ErrorCode, RpcError } from '../../errors.js';
import type { Metadata } from '../../core/peer-types.js';

/** One HTTP call as the gateway's Node handler hands it to the gateway peer. */
export interface GatewayRequest {
  /** The method from the path: `/Arith.multiply` → `Arith.multiply`. */
  method: string;
  /** The request's `content-type`: msgpack types decode as MessagePack, anything else as JSON. */
  contentType: string;
  /** The request's `accept`: a msgpack type gets a MessagePack reply, anything else JSON. */
  accept: string;
  /** The request body. */
  body: Uint8Array;
  /** From the `x-rpc-meta-*` headers. */
  metadata: Metadata;
  /** From the `x-rpc-timeout` header; 0 for none. */
  timeoutMs: number;
}

/** The HTTP response the gateway peer asks for. */
export interface GatewayReply {
  /** The HTTP status. */
  status: number;
  /** The reply's `content-type`. */
  contentType: string;
  /** The encoded reply. */
  body: string | Uint8Array;
  /** The isorpc error code, sent as the `x-rpc-error` header. */
  errorCode?: ErrorCode;
}

/** The HTTP status for each isorpc error code (499 is nginx's "client closed request"). */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  PROTOCOL: 400,
  NOT_FOUND: 404,
  FRAME_TOO_LARGE: 413,
  CANCELLED: 499,
  REMOTE: 500,
  INTERNAL: 500,
  CLOSED: 503,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  RESOURCE_EXHAUSTED: 429,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
};

const MSGPACK_TYPES = /^application\/(x-|vnd\.)?msgpack\b/i;

/** True for `application/msgpack`, `application/x-msgpack` and `application/vnd.msgpack`. */
export function isMsgpackType(type: string): boolean {
  return MSGPACK_TYPES.test(type.trim());
}

/** The JSON body of an error reply: the isorpc error's fields, as the isorpc protocol sends them. */
export function gatewayErrorBody(error: RpcError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.remoteCode !== undefined) body.remoteCode = error.remoteCode;
  if (error.data !== undefined) body.data = error.data;
  return { error: body };
}
