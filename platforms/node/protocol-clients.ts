import { openArpcClient, openGoRpcClient, openJsonRpcClient, openRpcxClient, type ClientOpener } from '../../src/internal.js';
import { arpcWebSocketClients } from '../browser/arpc-clients.js';
import { browserProtocolClients, dialOptions, underlyingAddress } from '../browser/protocol-clients.js';
import { rpcxWebSocketClients } from '../browser/rpcx-clients.js';
import { nodeCompression } from './compression.js';
import { dialTcp } from './tcp.js';
import { openGobHttp, openGobTcp } from './gob-http.js';

/** `rpcx://` / `rpcx@` / `rpcx+tcp://`: rpcx over TCP, gzip both ways with zlib. */
const rpcxTcp: ClientOpener = async (address, options) => openRpcxClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options, nodeCompression);

/** The JSON-RPC, arpc and rpcx clients of every runtime, plus the TCP ones: JSON-RPC 2.0, Go net/rpc (JSON and gob), arpc and rpcx. */
export const nodeProtocolClients: Readonly<Record<string, ClientOpener>> = {
  ...browserProtocolClients,
  ...arpcWebSocketClients,
  'jsonrpc+tcp': async (address, options) => openJsonRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  'gob+tcp': openGobTcp,
  'gob+http': openGobHttp,
  'gorpc+tcp': async (address, options) => openGoRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  arpc: async (address, options) => openArpcClient(await dialTcp(address, dialOptions(options)), options),
  ...rpcxWebSocketClients(nodeCompression),
  rpcx: rpcxTcp,
  'rpcx+tcp': rpcxTcp,
};
