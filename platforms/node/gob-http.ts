import http from 'node:http';
import net from 'node:net';
import {
  CONNECTED_STATUS,
  DEFAULT_GOB_DEBUG_PATH,
  DEFAULT_GOB_RPC_PATH,
  formatAddress,
  gobRpcServerProtocol,
  openGobRpcClient,
  RpcError,
  type ClientOpener,
  type ListenFunction,
  type ParsedAddress,
} from '../../src/internal.js';
import { dialOptions, underlyingAddress } from '../browser/protocol-clients.js';
import { serveDebugPage } from './gob-debug-page.js';
import { pathOf } from './http-exchange.js';
import { bindServer, dialSocket, dialTcp, socketTransport } from './tcp.js';

/** The RPC path of a `gob+http://` address: its own, or Go's `/_goRPC_` when it has none. */
export function gobRpcPath(address: ParsedAddress): string {
  const path = pathOf(address.path);
  return path === '/' ? DEFAULT_GOB_RPC_PATH : path;
}

/** Largest HTTP head (request or response to a CONNECT) read before giving up. */
const MAX_HEAD = 4096;

/** Where an HTTP head ends in `bytes` (after `\n\n`, as Go writes it, or `\r\n\r\n`), or -1. */
function headEnd(bytes: Buffer): number {
  const lf = bytes.indexOf('\n\n');
  const crlf = bytes.indexOf('\r\n\r\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 4;
  return lf >= 0 ? lf + 2 : -1;
}

/**
 * Reads an HTTP head from `socket` by hand: Go's CONNECT and its answer end their lines with a bare
 * `\n`, which Node's HTTP parser does not accept. Resolves with the head's first line and any bytes
 * after it, which are put back on the socket.
 */
function readHead(socket: net.Socket, describe: string, timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const fail = (error: RpcError): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new RpcError('UNAVAILABLE', `${describe}: no answer within ${timeout} ms`)), timeout);
    const onClose = (): void => fail(new RpcError('UNAVAILABLE', `${describe}: the connection closed`));
    const onError = (error: Error): void => fail(new RpcError('UNAVAILABLE', `${describe}: ${error.message}`, { cause: error }));
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = headEnd(received);
      if (end < 0) {
        if (received.byteLength > MAX_HEAD) fail(new RpcError('PROTOCOL', `${describe}: no HTTP head within ${MAX_HEAD} bytes`));
        return;
      }
      cleanup();
      if (end < received.byteLength) socket.unshift(received.subarray(end));
      resolve(received.subarray(0, end).toString('latin1').split(/\r?\n/)[0]!);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.on('error', onError);
  });
}

/** Sends Go's `CONNECT path HTTP/1.0` and waits for `200 Connected to Go RPC`, as `rpc.DialHTTPPath` does. */
async function connectHandshake(socket: net.Socket, path: string, target: string, timeout: number): Promise<void> {
  const answer = readHead(socket, `${target} during CONNECT ${path} (is it a Go rpc.HandleHTTP server?)`, timeout);
  socket.write(`CONNECT ${path} HTTP/1.0\n\n`);
  const status = await answer;
  if (!/^HTTP\/1\.[01] 200\b/.test(status)) {
    socket.destroy();
    throw new RpcError(/ 404\b/.test(status) ? 'NOT_FOUND' : 'UNAVAILABLE', `${target} refused CONNECT ${path}: "${status}"; check the path (Go's default is ${DEFAULT_GOB_RPC_PATH})`);
  }
}

/** `gob+tcp://host:port`: Go net/rpc with the gob codec, as `rpc.Dial` speaks it. */
export const openGobTcp: ClientOpener = async (address, options) => openGobRpcClient(await dialTcp(underlyingAddress(address), dialOptions(options)), options);

/** `gob+http://host:port[/path]`: `CONNECT /_goRPC_` first, as `rpc.DialHTTP` does, then the gob stream. */
export const openGobHttp: ClientOpener = async (address, options) => {
  const { timeout } = dialOptions(options);
  let socket: net.Socket | undefined;
  const tcp: ParsedAddress = { ...address, scheme: 'tcp', path: '', style: 'url' };
  const transport = await dialSocket(tcp, timeout, 'connect', () => (socket = net.connect({ host: address.host, port: address.port })));
  await connectHandshake(socket!, gobRpcPath(address), formatAddress(address), timeout);
  return openGobRpcClient(transport, options);
};

/** Resolves with the first `count` bytes a socket sends (fewer if it ends first), leaving them unread. */
function firstBytes(socket: net.Socket, count: number): Promise<string> {
  return new Promise((resolve) => {
    let seen = Buffer.alloc(0);
    const take = (): void => {
      for (let chunk: Buffer | null; (chunk = socket.read() as Buffer | null) !== null; ) seen = Buffer.concat([seen, chunk]);
      if (seen.byteLength < count && !socket.readableEnded) return void socket.once('readable', take);
      if (seen.byteLength > 0) socket.unshift(seen);
      resolve(seen.subarray(0, count).toString('latin1'));
    };
    socket.once('readable', take);
  });
}

/** How long a new connection has to send its first HTTP head. */
const HEAD_TIMEOUT_MS = 10_000;

/**
 * `gob+http://host:port[/path]`: a server like Go's `rpc.HandleHTTP`: `CONNECT /_goRPC_` (or the
 * address's path) turns the connection into a gob net/rpc stream; `GET /debug/rpc` shows the services
 * (when reflection is on); other requests get 405 or 404, as Go answers. A CONNECT is read by hand
 * (Go ends its lines with a bare `\n`); anything else goes to a node:http server.
 */
export const listenGobHttp: ListenFunction = (address, context) => {
  const path = gobRpcPath(address);
  const web = http.createServer((request, response) => {
    response.setHeader('connection', 'close');
    const requested = pathOf(request.url);
    if (requested === DEFAULT_GOB_DEBUG_PATH && (request.method === 'GET' || request.method === 'HEAD')) return serveDebugPage(context, request, response);
    if (requested === path) return void response.writeHead(405, { 'content-type': 'text/plain; charset=utf-8' }).end('405 must CONNECT\n');
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
  });
  const server = net.createServer({ noDelay: true }, (socket) => {
    // Until a transport or the HTTP server owns the socket, a reset must not be an unhandled 'error'.
    const ignore = (): void => undefined;
    socket.on('error', ignore);
    socket.setTimeout(HEAD_TIMEOUT_MS, () => socket.destroy());
    firstBytes(socket, 8).then((first) => {
      socket.setTimeout(0);
      if (first !== 'CONNECT ') {
        socket.off('error', ignore); // the HTTP server handles its sockets' errors
        return void web.emit('connection', socket);
      }
      readHead(socket, 'a gob CONNECT', HEAD_TIMEOUT_MS).then(
        (line) => {
          const [, target] = line.split(' ');
          if (pathOf(target) !== path) return void socket.end(`HTTP/1.0 404 Not Found\n\nNo Go RPC at ${target ?? ''}; CONNECT ${path}\n`);
          socket.write(`HTTP/1.0 ${CONNECTED_STATUS}\n\n`);
          context.accept(socketTransport(socket), gobRpcServerProtocol);
        },
        () => undefined, // readHead destroyed the socket: nothing to serve
      );
    }, () => socket.destroy());
  });
  return bindServer(server, { ...address, path });
};
