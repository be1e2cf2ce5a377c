// isorpc's HTTP handlers never take the process down: an exception inside one answers 500 and the
// next request is served; the admin page's options are checked at the call, not at the first request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createAdminHandler,
  createHttpGateway,
  createJsonRpcHttpHandler,
  createMetrics,
  createMetricsHandler,
  createServer,
  listenAdmin,
  type HttpHandler,
  type Metrics,
  type Server,
} from '../../platforms/entries/node.js';

const servers: http.Server[] = [];
const rpcServers: Server[] = [];

afterEach(async () => {
  for (const server of rpcServers.splice(0)) await server.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: HttpHandler): Promise<string> {
  const server = http.createServer((request, response) => handler(request, response));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function rpcServer(): Server {
  const server = createServer().handle('Ok.ping', () => 'pong');
  rpcServers.push(server);
  return server;
}

/** A collector whose `snapshot()` throws: accepted at the call, broken at each request. */
function throwingMetrics(): Metrics {
  return {
    ...createMetrics(),
    snapshot: () => {
      throw new Error('snapshot broke');
    },
  };
}

describe('an exception inside a handler answers 500 and the process keeps serving', () => {
  test('the metrics handler', async () => {
    const base = await serve(createMetricsHandler(throwingMetrics()));
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${base}/metrics`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: 'INTERNAL', message: expect.stringContaining('keeps serving') } });
    }
  });

  test('the admin page, when its authorize hook throws', async () => {
    const server = rpcServer();
    const admin = createAdminHandler({ server, metrics: createMetrics(), authorize: () => { throw new Error('auth backend down'); } });
    const base = await serve(admin);
    expect((await fetch(`${base}/`)).status).toBe(500);
    expect((await fetch(`${base}/`)).status).toBe(500);
    await admin.close();
  });

  test('the HTTP gateway and the JSON-RPC handler, when the server refuses to accept', async () => {
    const refusing = { accept: (): never => { throw new Error('accept broke'); } };
    const gateway = await serve(createHttpGateway(refusing));
    const jsonRpc = await serve(createJsonRpcHttpHandler(refusing));
    for (let i = 0; i < 2; i++) {
      expect((await fetch(`${gateway}/Ok.ping`, { method: 'POST', body: '1' })).status).toBe(500);
      expect((await fetch(jsonRpc, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"Ok.ping"}' })).status).toBe(500);
    }
  });

});

describe('admin options are checked at the call', () => {
  test.each([
    [{ metrics: createMetrics() }, /options.server must be an isorpc server/],
    [{ server: createServer(), metrics: {} }, /options.metrics must be a collector from createMetrics/],
    [{ server: createServer(), metrics: createMetrics(), authorize: 'yes' }, /options.authorize must be a function/],
    [{ server: createServer(), metrics: createMetrics(), cluster: { services: ['a'] } }, /options.cluster.discovery/],
    [null, /options must be an object/],
  ])('createAdminHandler(%o)', (options, message) => {
    expect(() => createAdminHandler(options as never)).toThrow(message);
  });

  test('listenAdmin rejects a bad port or host before listening', async () => {
    const options = { server: rpcServer(), metrics: createMetrics() };
    await expect(listenAdmin({ ...options, port: 70_000 })).rejects.toThrow(/options.port must be an integer from 0 to 65535/);
    await expect(listenAdmin({ ...options, host: '' })).rejects.toThrow(/options.host/);
    await expect(listenAdmin({ ...(options as object), server: undefined } as never)).rejects.toThrow(TypeError);
  });

  test('createMetricsHandler refuses something that is not a collector', () => {
    expect(() => createMetricsHandler({} as never)).toThrow(/metrics must be a collector from createMetrics/);
  });
});
