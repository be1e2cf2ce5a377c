import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { formatAddress, type ListenFunction } from '../../src/index.js';
import { webSocketTransport, type WebSocketLike } from '../websocket.js';

/**
 * Listens on `ws://host:port/path`. `ws` checks each message against maxFrameSize (`maxPayload`)
 * before buffering it, and closes an offending connection with code 1009.
 */
/** How long closing peers get to finish the WebSocket closing handshake. */
const CLOSE_GRACE_MS = 2000;

export const listenWebSocket: ListenFunction = (address, context) => {
  const path = address.path.split('?')[0] || '/';
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({ host: address.host, port: address.port, path, maxPayload: context.maxFrameSize });
    server.on('connection', (socket, request) => {
      const remote = `${request.socket.remoteAddress}:${request.socket.remotePort}`;
      context.accept(webSocketTransport(socket as unknown as WebSocketLike, remote));
    });
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot listen on ${formatAddress(address)}: ${error.code === 'EADDRINUSE' ? 'the port is already in use; pick another or use port 0' : error.message}`, { cause: error })),
    );
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        address: formatAddress(address, port),
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // The server has already sent each peer a GoAway and a close frame; give them time to
            // arrive, then cut off whoever has not finished the closing handshake.
            setTimeout(() => {
              for (const client of server.clients) client.terminate();
            }, CLOSE_GRACE_MS).unref();
          }),
      });
    });
  });
};
