import { openArpcClient, openGoRpcClient, openJsonRpcClient, type ClientOpener } from '../../src/internal.js';
import { arpcWebSocketClients } from '../browser/arpc-clients.js';
import { browserProtocolClients, dialOptions, underlyingAddress } from '../browser/protocol-clients.js';
import { dialTcp } from './tcp.js';

/** The JSON-RPC and arpc clients of every runtime, plus the TCP ones: JSON-RPC 2.0, Go net/rpc and arpc. */
export const nodeProtocolClients: Readonly<Record<string, ClientOpener>> = {
  ...browserProtocolClients,
  ...arpcWebSocketClients,
  'jsonrpc+tcp': async (address, options) => openJsonRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  'gorpc+tcp': async (address, options) => openGoRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  arpc: async (address, options) => openArpcClient(await dialTcp(address, dialOptions(options)), options),
};
