import type { ParsedAddress } from '../../core/address.js';

/** The path rpcx's Go server serves WebSocket connections on (`share.DefaultRPCPath`'s WebSocket twin). */
export const RPCX_WEBSOCKET_PATH = '/_rpcx_';

/** A WebSocket address with rpcx's path when none was given: `rpcx+ws://h:1` → `rpcx+ws://h:1/_rpcx_`. */
export function withRpcxPath(address: ParsedAddress): ParsedAddress {
  return address.path === '/' || address.path === '' ? { ...address, path: RPCX_WEBSOCKET_PATH } : address;
}

/** The `Origin` a non-browser client sends, since rpcx refuses a WebSocket handshake without one. */
export function defaultOrigin(address: ParsedAddress): string {
  const secure = address.scheme.endsWith('wss');
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${secure ? 'https' : 'http'}://${host}:${address.port}`;
}
