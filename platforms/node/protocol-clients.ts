import { openGoRpcClient, openJsonRpcClient, openRpcxClient, type ClientOpener } from '../../src/internal.js';
import { browserProtocolClients, dialOptions, underlyingAddress } from '../browser/protocol-clients.js';
import { rpcxWebSocketClients } from '../browser/rpcx-clients.js';
import { nodeCompression } from './compression.js';
import { dialTcp } from './tcp.js';

/** `rpcx://` / `rpcx@` / `rpcx+tcp://`: rpcx over TCP, gzip both ways with zlib. */
const rpcxTcp: ClientOpener = async (address, options) => openRpcxClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options, nodeCompression);

/** The JSON-RPC clients of every runtime, plus the TCP ones (JSON-RPC 2.0, Go net/rpc) and rpcx. */
export const nodeProtocolClients: Readonly<Record<string, ClientOpener>> = {
  ...browserProtocolClients,
  'jsonrpc+tcp': async (address, options) => openJsonRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  'gorpc+tcp': async (address, options) => openGoRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  ...rpcxWebSocketClients(nodeCompression),
  rpcx: rpcxTcp,
  'rpcx+tcp': rpcxTcp,
};
