import { defaultOrigin, openRpcxClient, withRpcxPath, type Client, type ClientOptions, type Compression, type ParsedAddress, type RpcxClientOptions } from '../../src/internal.js';

/** Opens an rpcx client: a `Client`, since rpcx servers push to clients (`handle`, `register`). */
export type RpcxOpener = (address: ParsedAddress, options: ClientOptions) => Promise<Client>;
import { dialWebSocket } from '../websocket/websocket.js';
import { dialOptions, underlyingAddress } from './protocol-clients.js';

/**
 * `rpcx+ws://` / `rpcx+wss://` openers: rpcx messages in binary WebSocket messages, on `/_rpcx_` unless
 * the address names a path. Outside browsers the handshake carries an `Origin` (rpcx refuses one
 * without); browsers send their page's own. `compression` inflates (and, where it can, makes) gzip.
 */
export function rpcxWebSocketClients(compression: Compression | undefined): Readonly<Record<string, RpcxOpener>> {
  const open: RpcxOpener = async (address, options) => {
    const target = withRpcxPath(underlyingAddress(address));
    const origin = (options as RpcxClientOptions).origin ?? defaultOrigin(target);
    return openRpcxClient(await dialWebSocket(target, { ...dialOptions(options), origin }), options, compression);
  };
  return { 'rpcx+ws': open, 'rpcx+wss': open };
}
