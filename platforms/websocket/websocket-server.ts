import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { formatAddress, type ListenContext, type ListenFunction, type ParsedAddress } from '../../src/internal.js';
import { webSocketTransport, type WebSocketLike } from './websocket.js';
import { nodeTlsOptions } from '../node/tls.js';

/** How long closing peers get to finish the WebSocket closing handshake. */
const CLOSE_GRACE_MS = 2000;

/**
 * Listens on `ws://host:port/path`. `ws` checks each message against maxFrameSize (`maxPayload`)
 * before buffering it, and closes an offending connection with code 1009. With `allowedOrigins`,
 * an upgrade whose `Origin` header is not listed is answered HTTP 403 and never reaches isorpc.
 */
export const listenWebSocket: ListenFunction = (address, context) => serveWebSocket(address, context, undefined);

/** Listens on `wss://host:port/path`: the same over HTTPS; `options.tls` needs `cert` and `key`. */
export const listenSecureWebSocket: ListenFunction = (address, context) => {
  const options = context.options.tls;
  if (options?.cert === undefined || options.key === undefined) {
    throw new TypeError(`listen("wss://…") needs { tls: { cert, key } } as its second argument`);
  }
  return serveWebSocket(address, context, https.createServer({ ...nodeTlsOptions(options), requestCert: options.requestCert ?? false }));
};

function serveWebSocket(address: ParsedAddress, context: ListenContext, httpsServer: https.Server | undefined): ReturnType<ListenFunction> {
  const path = address.path.split('?')[0] || '/';
  const origins = context.options.allowedOrigins;
  const verifyClient =
    origins === undefined
      ? undefined
      : (info: { origin: string; req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) =>
          origins.includes(info.origin ?? info.req.headers.origin ?? '') ? done(true) : done(false, 403, 'Origin not allowed');
  return new Promise((resolve, reject) => {
    // permessage-deflate off (ws's default for servers, said outright): see dialWebSocket.
    const common = { path, maxPayload: context.maxFrameSize, verifyClient, perMessageDeflate: false };
    const server = httpsServer === undefined ? new WebSocketServer({ host: address.host, port: address.port, ...common }) : new WebSocketServer({ server: httpsServer, ...common });
    server.on('connection', (socket, request) => {
      const remote = `${request.socket.remoteAddress}:${request.socket.remotePort}`;
      context.accept(webSocketTransport(socket as unknown as WebSocketLike, remote));
    });
    const failed = (error: NodeJS.ErrnoException): void =>
      reject(new Error(`Cannot listen on ${formatAddress(address)}: ${error.code === 'EADDRINUSE' ? 'the port is already in use; pick another or use port 0' : error.message}`, { cause: error }));
    const bound = (port: number): void => {
      let closed: Promise<void> | undefined;
      const stop = (): Promise<void> =>
        (closed ??= new Promise<void>((done) => {
          server.close(() => (httpsServer === undefined ? done() : httpsServer.close(() => done())));
          httpsServer?.close();
        }));
      resolve({
        address: formatAddress(address, port),
        stopAccepting: () => void stop(),
        close: () => {
          // The server has already sent each peer a GoAway and a close frame; give them time to
          // arrive, then cut off whoever has not finished the closing handshake.
          setTimeout(() => {
            for (const client of server.clients) client.terminate();
            httpsServer?.closeAllConnections();
          }, CLOSE_GRACE_MS).unref();
          return stop();
        },
      });
    };
    if (httpsServer === undefined) {
      server.once('error', failed);
      server.once('listening', () => bound((server.address() as AddressInfo).port));
    } else {
      httpsServer.once('error', failed);
      httpsServer.listen(address.port, address.host, () => bound((httpsServer.address() as AddressInfo).port));
    }
  });
}
