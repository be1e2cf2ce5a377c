import { openGoRpcClient, openJsonRpcClient, type ClientOpener } from '../../src/internal.js';
import { browserProtocolClients, dialOptions, underlyingAddress } from '../browser/protocol-clients.js';
import { dialTcp } from './tcp.js';

/** The JSON-RPC clients of every runtime, plus the TCP ones: JSON-RPC 2.0 and Go net/rpc. */
export const nodeProtocolClients: Readonly<Record<string, ClientOpener>> = {
  ...browserProtocolClients,
  'jsonrpc+tcp': async (address, options) => openJsonRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  'gorpc+tcp': async (address, options) => openGoRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
};
