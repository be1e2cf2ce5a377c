// Carries the independent JSON-RPC 2.0 implementation (the json-rpc-2.0 package, which leaves the
// transport to its user) over TCP (newline-delimited), WebSocket (text messages) and HTTP POST, so
// the interop tests can point its client at isorpc servers and isorpc clients at its server.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { JSONRPCClient, JSONRPCServer, JSONRPCServerAndClient } from 'json-rpc-2.0';
import WebSocket, { WebSocketServer } from 'ws';
import { parseAddress } from '../../platforms/entries/node.js';

export type Kind = 'tcp' | 'ws' | 'http';

/** Calls `onLine` with each newline-terminated line of a socket. */
function readLines(socket: net.Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line.trim() !== '') onLine(line);
    }
  });
}

export interface ForeignClient {
  client: JSONRPCClient;
  close(): void;
}

/** A json-rpc-2.0 client talking to an isorpc server at `address` (jsonrpc+tcp/ws/http://…). */
export async function foreignClient(kind: Kind, address: string): Promise<ForeignClient> {
  const { host, port, path } = parseAddress(address);
  if (kind === 'http') {
    const client: JSONRPCClient = new JSONRPCClient(async (payload) => {
      const response = await fetch(`http://${host}:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
      if (response.status === 200) client.receive(await response.json());
      else if (response.status !== 204) throw new Error(`HTTP ${response.status}`);
    });
    return { client, close: () => client.rejectAllPendingRequests('closed') };
  }
  if (kind === 'ws') {
    const socket = new WebSocket(`ws://${host}:${port}${path}`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const client = new JSONRPCClient((payload) => socket.send(JSON.stringify(payload)));
    socket.on('message', (data) => client.receive(JSON.parse(data.toString())));
    return { client, close: () => socket.close() };
  }
  const socket = net.connect({ host, port });
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const client = new JSONRPCClient((payload) => void socket.write(`${JSON.stringify(payload)}\n`));
  readLines(socket, (line) => client.receive(JSON.parse(line)));
  return { client, close: () => socket.destroy() };
}

export interface ForeignServer {
  /** The address an isorpc client connects to: `jsonrpc+tcp://…`, `jsonrpc+ws://…/rpc`, `jsonrpc+http://…/rpc`. */
  address: string;
  close(): Promise<void>;
}

/**
 * Serves a json-rpc-2.0 server (and, on WebSocket, its client too, for calls to the connected
 * isorpc client) on `kind`. `setup` adds the methods; on WebSocket it gets each connection's
 * server-and-client so its methods can call back.
 */
export async function foreignServer(kind: Kind, setup: (server: JSONRPCServerAndClient) => void): Promise<ForeignServer> {
  const perConnection = (send: (text: string) => void): JSONRPCServerAndClient => {
    // Methods that throw on purpose would otherwise be logged by the package.
    const quiet = { errorListener: () => undefined };
    const both = new JSONRPCServerAndClient(new JSONRPCServer(quiet), new JSONRPCClient((payload) => send(JSON.stringify(payload))), quiet);
    setup(both);
    return both;
  };
  if (kind === 'ws') {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/rpc' });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (socket) => {
      const both = perConnection((text) => socket.send(text));
      socket.on('message', (data) => void both.receiveAndSend(JSON.parse(data.toString())));
    });
    return {
      address: `jsonrpc+ws://127.0.0.1:${(wss.address() as AddressInfo).port}/rpc`,
      close: () => new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
    };
  }
  if (kind === 'http') {
    const server = http.createServer((request, response) => {
      const both = perConnection(() => undefined);
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', async () => {
        const reply = await both.server.receiveJSON(body);
        if (reply === null) response.writeHead(204).end();
        else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      address: `jsonrpc+http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc`,
      close: () => new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    };
  }
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const both = perConnection((text) => void socket.write(`${text}\n`));
    readLines(socket, async (line) => {
      const reply = await both.server.receiveJSON(line);
      if (reply !== null) socket.write(`${JSON.stringify(reply)}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `jsonrpc+tcp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
