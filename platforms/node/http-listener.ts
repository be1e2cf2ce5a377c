import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAddress, type Listener, type ParsedAddress } from '../../src/internal.js';
import type { HttpHandler } from './http-exchange.js';
import { guardHandler } from './guard.js';

/** How long in-flight responses get once the listener closes. */
const CLOSE_GRACE_MS = 2000;

/** Serves `handler` on a new node:http server bound to `address`; port 0 picks a free port. */
export function listenHttp(address: ParsedAddress, handler: HttpHandler): Promise<Listener> {
  const guarded = guardHandler(handler);
  const server = http.createServer((request, response) => guarded(request, response));
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot listen on ${formatAddress(address)}: ${error.code === 'EADDRINUSE' ? 'the port is already in use; pick another or use port 0' : error.message}`, { cause: error })),
    );
    server.listen(address.port, address.host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        address: formatAddress(address, port),
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets (browsers, fetch) would hold close() open; busy ones get a
            // moment to send the 503 the closing server answers in-flight requests with.
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
          }),
      });
    });
  });
}
