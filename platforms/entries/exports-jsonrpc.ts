// The JSON-RPC 2.0 names, listed once for the entries that carry them (isorpc/jsonrpc, isorpc/node).
export {
  JsonRpcErrorCode,
  MAX_BATCH_LENGTH,
  createJsonRpcHttpClient,
  jsonRpcServerProtocol,
  openJsonRpcClient,
} from '../../src/internal.js';
export type { BatchEntry, BatchResult, JsonRpcBatchCaller, JsonRpcClient, JsonRpcErrorObject, JsonRpcHttpClientOptions } from '../../src/internal.js';
