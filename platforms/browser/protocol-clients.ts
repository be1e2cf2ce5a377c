import {
  createJsonRpcHttpClient,
  DEFAULT_MAX_FRAME_SIZE,
  formatAddress,
  openJsonRpcClient,
  transportScheme,
  type ClientOpener,
  type ClientOptions,
  type ParsedAddress,
} from '../../src/internal.js';
import { dialWebSocket } from '../websocket/websocket.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The address with its protocol prefix removed: `jsonrpc+ws://h:1/p` → `ws://h:1/p`. */
export function underlyingAddress(address: ParsedAddress): ParsedAddress {
  return { ...address, scheme: transportScheme(address.scheme) };
}

/** What a dialer needs from client options. */
export function dialOptions(options: ClientOptions): { timeout: number; maxFrameSize: number } {
  return { timeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS, maxFrameSize: options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE };
}

/** `jsonrpc+ws://` / `jsonrpc+wss://`: JSON-RPC 2.0, one text message per request or batch. */
const jsonRpcWebSocket: ClientOpener = async (address, options) => openJsonRpcClient(await dialWebSocket(underlyingAddress(address), dialOptions(options)), options);

/** `jsonrpc+http://` / `jsonrpc+https://`: JSON-RPC 2.0 over HTTP POST with fetch. */
const jsonRpcHttp: ClientOpener = async (address, options) => createJsonRpcHttpClient(formatAddress(underlyingAddress(address)), options);

/** The JSON-RPC clients every runtime has (WebSocket and fetch). */
export const browserProtocolClients: Readonly<Record<string, ClientOpener>> = {
  'jsonrpc+ws': jsonRpcWebSocket,
  'jsonrpc+wss': jsonRpcWebSocket,
  'jsonrpc+http': jsonRpcHttp,
  'jsonrpc+https': jsonRpcHttp,
};
