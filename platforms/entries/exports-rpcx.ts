// The rpcx names, listed once for the entries that carry them (isorpc/rpcx, isorpc/node).
export {
  ISORPC_CODE_KEY,
  RPCX_AUTH_KEY,
  RPCX_ERROR_KEY,
  RPCX_TIMEOUT_KEY,
  RPCX_WEBSOCKET_PATH,
  RpcxCompressType,
  RpcxSerializeType,
  createRpcxServerProtocol,
  decodeRpcxMessage,
  encodeRpcxMessage,
  openRpcxClient,
  rpcxServerProtocol,
} from '../../src/internal.js';
export type { RpcxClientOptions, RpcxMessage, RpcxPayloadCodec, RpcxPayloadCodecs, RpcxSerializeName, RpcxServerProtocolOptions } from '../../src/internal.js';
