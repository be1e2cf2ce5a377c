import { openArpcClient, type ArpcClientOptions, type ClientOpener } from '../../src/internal.js';
import { dialWebSocket } from '../websocket/websocket.js';
import { dialOptions, underlyingAddress } from './protocol-clients.js';

/** `arpc+ws://` / `arpc+wss://`: arpc frames in binary WebSocket messages. */
const arpcWebSocket: ClientOpener = async (address, options) => openArpcClient(await dialWebSocket(underlyingAddress(address), dialOptions(options)), options as ArpcClientOptions);

/** The arpc clients every runtime has (WebSocket). Kept apart so only `isorpc/arpc` and `isorpc/node` carry arpc. */
export const arpcWebSocketClients: Readonly<Record<string, ClientOpener>> = {
  'arpc+ws': arpcWebSocket,
  'arpc+wss': arpcWebSocket,
};
