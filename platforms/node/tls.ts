import tls from 'node:tls';
import type { DialFunction, ListenFunction, TlsOptions } from '../../src/internal.js';
import { bindServer, dialSocket, socketTransport } from './tcp.js';

/** node:tls takes Buffers or strings; a ReadonlyArray of them for `ca`. */
export function nodeTlsOptions(options: TlsOptions | undefined): tls.SecureContextOptions & tls.CommonConnectionOptions {
  const toNode = (value: string | Uint8Array): string | Buffer => (typeof value === 'string' ? value : Buffer.from(value));
  const ca = options?.ca;
  return {
    cert: options?.cert === undefined ? undefined : toNode(options.cert),
    key: options?.key === undefined ? undefined : toNode(options.key),
    ca: ca === undefined ? undefined : typeof ca === 'string' || ca instanceof Uint8Array ? toNode(ca) : ca.map(toNode),
    passphrase: options?.passphrase,
    rejectUnauthorized: options?.rejectUnauthorized ?? true,
  };
}

/** Listens on `tls://host:port`: TCP with TLS; `options.tls` needs `cert` and `key` (and `ca` + `requestCert` for mutual TLS). */
export const listenTls: ListenFunction = (address, context) => {
  const options = context.options.tls;
  if (options?.cert === undefined || options.key === undefined) {
    throw new TypeError(`listen("${address.scheme}://…") needs { tls: { cert, key } } as its second argument`);
  }
  const server = tls.createServer({ ...nodeTlsOptions(options), requestCert: options.requestCert ?? false }, (socket) => context.accept(socketTransport(socket)));
  // A failed TLS handshake (bad or missing client certificate) concerns that socket only.
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  return bindServer(server, address);
};

/** Dials `tls://host:port`, trusting `options.tls.ca` (or the system CAs) and presenting `cert`/`key` for mutual TLS. */
export const dialTls: DialFunction = (address, { timeout, tls: options }) =>
  dialSocket(address, timeout, 'secureConnect', () =>
    tls.connect({ host: address.host, port: address.port, servername: options?.servername ?? (isIp(address.host) ? undefined : address.host), ...nodeTlsOptions(options) }),
  );

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
