/**
 * `isorpc/arpc`: an arpc client for any runtime (WebSocket: `arpc+ws://`, `arpc+wss://`), browser-safe,
 * and the arpc types. A separate entry so that `isorpc` stays small for apps that do not speak arpc;
 * in Node, `isorpc/node` has arpc too, TCP (`arpc://`) and listening included.
 */
import { parseAddress, RpcError, type ArpcClient, type ArpcClientOptions } from '../../src/internal.js';
import { arpcWebSocketClients } from '../browser/arpc-clients.js';

export {
  ARPC_FLAG_ASYNC,
  ARPC_FLAG_ERROR,
  ARPC_HEADER_SIZE,
  ARPC_MAX_METHOD_BYTES,
  ARPC_NOT_FOUND_TEXT,
  ArpcCmd,
  RpcError,
  decodeArpcBody,
  decodeArpcFrame,
  encodeArpcBody,
  encodeArpcFrame,
  isRpcError,
  openArpcClient,
} from '../../src/internal.js';
export type { ArpcBodyDecoding, ArpcCallOptions, ArpcClient, ArpcClientOptions, ArpcFrame, ArpcFrameInit, ErrorCode } from '../../src/internal.js';

/**
 * Connects to an arpc server over WebSocket: `arpc+ws://host:port/path` or `arpc+wss://…`. The
 * connection is two-way: `client.handle(route, fn)` serves the server's calls and notifications.
 */
export async function connectArpc(address: `arpc+ws://${string}` | `arpc+wss://${string}` | string, options: ArpcClientOptions = {}): Promise<ArpcClient> {
  // Dials directly rather than through connect(), so this entry carries no isorpc protocol code.
  const parsed = parseAddress(address);
  const open = Object.hasOwn(arpcWebSocketClients, parsed.scheme) ? arpcWebSocketClients[parsed.scheme] : undefined;
  if (open === undefined) {
    throw new RpcError('UNAVAILABLE', `Cannot connect to "${address}": isorpc/arpc dials arpc+ws:// and arpc+wss://; arpc:// (TCP) needs Node: import { connect } from 'isorpc/node'`);
  }
  return (await open(parsed, options)) as ArpcClient;
}
