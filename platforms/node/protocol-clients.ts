import { openGoRpcClient, openJsonRpcClient, type ClientOpener } from '../../src/internal.js';
import { browserProtocolClients, dialOptions, underlyingAddress } from '../browser/protocol-clients.js';
import { dialTcp } from './tcp.js';
import { openGobHttp, openGobTcp } from './gob-http.js';

/** The JSON-RPC clients of every runtime, plus the TCP ones: JSON-RPC 2.0 and Go net/rpc (JSON and gob). */
export const nodeProtocolClients: Readonly<Record<string, ClientOpener>> = {
  ...browserProtocolClients,
  'jsonrpc+tcp': async (address, options) => openJsonRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
  'gob+tcp': openGobTcp,
  'gob+http': openGobHttp,
  'gorpc+tcp': async (address, options) => openGoRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options),
};
