import { existsSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { createServerFor, type Metrics, type Server } from '../../src/internal.js';
import { webSocketTransport, type WebSocketLike } from '../websocket/websocket.js';
import { ADMIN_PAGE } from './admin-page.js';
import { createAdminService, type AdminCluster } from './admin-service.js';
import { pathOf, type HttpHandler } from '../node/http-exchange.js';
import { failRequest } from '../node/guard.js';
import { checkAdminOptions, checkListenOptions } from './admin-options.js';
import { nodePlatform } from '../node/node-platform.js';

/** Options of {@link createAdminHandler}. */
export interface AdminOptions {
  /** The server to show. */
  server: Server;
  /** Its metrics (installed with `server.use(metrics)`): call rates, latency, errors, bytes. */
  metrics: Metrics;
  /** A registry to list and change (state, weight). */
  cluster?: AdminCluster;
  /** Refuses the page and its WebSocket unless this returns true (e.g. check a cookie or basic auth). */
  authorize?: (request: IncomingMessage) => boolean;
}

/** A `node:http` handler for the page, plus the WebSocket upgrade it needs. */
export interface AdminHandler extends HttpHandler {
  /** Pass the HTTP server's `'upgrade'` events here: `httpServer.on('upgrade', admin.upgrade)`. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the page's connections and subscriptions. */
  close(): Promise<void>;
}

/** The UMD bundle beside the built entry (dist/, dist/chunks/) or, run from sources, in ../../dist. */
function readUmdBundle(): Buffer | undefined {
  const file = ['./isorpc.umd.min.js', '../isorpc.umd.min.js', '../../dist/isorpc.umd.min.js']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((candidate) => existsSync(candidate));
  return file === undefined ? undefined : readFileSync(file);
}

/**
 * The admin page for `server` at `/` (and `/admin`), its script at `/isorpc.umd.min.js` and an isorpc
 * WebSocket endpoint at `/rpc` serving `isorpc.Admin` (snapshot, setState, setWeight). The page
 * talks to a separate isorpc server, so admin methods are never exposed to the server's own clients.
 */
export function createAdminHandler(options: AdminOptions): AdminHandler {
  checkAdminOptions(options);
  const service = createAdminService(options.server, options.metrics, options.cluster);
  const rpc = createServerFor(nodePlatform).register('isorpc.Admin', service.impl);
  const sockets = new WebSocketServer({ noServer: true });
  const authorized = (request: IncomingMessage): boolean => options.authorize === undefined || options.authorize(request);
  let umd: Buffer | undefined;

  const serve: HttpHandler = (request, response, next) => {
    const path = pathOf(request.url).replace(/^\/admin(?=\/|$)/, '') || '/';
    if (path !== '/' && path !== '/isorpc.umd.min.js') return next === undefined ? void response.writeHead(404).end() : next();
    if (!authorized(request)) return void response.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized\n');
    if (path === '/') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(ADMIN_PAGE);
    umd ??= readUmdBundle();
    if (umd === undefined) return void response.writeHead(500, { 'content-type': 'text/plain' }).end('dist/isorpc.umd.min.js is missing; run npm run build\n');
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(umd);
  };
  // A throwing authorize hook (or anything else) answers 500; it never reaches node:http.
  const handler = ((request, response, next) => {
    try {
      serve(request, response, next);
    } catch {
      failRequest(response);
    }
  }) as AdminHandler;

  handler.upgrade = (request, socket, head) => {
    try {
      if (pathOf(request.url).replace(/^\/admin(?=\/|$)/, '') !== '/rpc' || !authorized(request)) return void socket.destroy();
      sockets.handleUpgrade(request, socket, head, (ws) => {
        rpc.accept(webSocketTransport(ws as unknown as WebSocketLike, `${request.socket.remoteAddress}:${request.socket.remotePort}`));
      });
    } catch {
      socket.destroy();
    }
  };
  handler.close = async () => {
    service.close();
    await rpc.close();
    for (const ws of sockets.clients) ws.terminate();
  };
  return handler;
}

/** A running admin page. */
export interface AdminListener {
  /** `http://host:port/`, the page. */
  readonly url: string;
  /** Stops the page's HTTP server and its socket. */
  close(): Promise<void>;
}

/** Serves the admin page on its own `node:http` server at `host:port` (port 0 picks a free one). */
export async function listenAdmin(options: AdminOptions & { host?: string; port?: number }): Promise<AdminListener> {
  checkAdminOptions(options);
  checkListenOptions(options);
  const handler = createAdminHandler(options);
  const web = http.createServer((request, response) => handler(request, response));
  web.on('upgrade', handler.upgrade);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.port ?? 0, host, resolve);
  });
  return {
    url: `http://${host}:${(web.address() as AddressInfo).port}/`,
    close: async () => {
      await handler.close();
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    },
  };
}
