// One validated method served on every wire protocol isorpc speaks: each caller gets the parsed reply
// for a good argument and BAD_REQUEST (with the issues, where the protocol carries error data) for a
// bad one. Go's net/rpc carries only an error string (the caller sees REMOTE, as for any Go error):
// the message still names the first problem.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type Client, type RpcError, type Server } from '../../platforms/entries/node.js';
import { LIBRARIES } from './schemas.js';

async function rejection(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  expect(isRpcError(error), String(error)).toBe(true);
  return error as RpcError;
}

describe.each(LIBRARIES)('with $name', (schemas) => {
  let server: Server;
  const clients: Client[] = [];

  beforeAll(() => {
    server = createServer().handle('Geo.norm', (point) => ({ sum: point.x + point.y }), { input: schemas.point, output: schemas.reply });
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
  });

  const CLIENT_PROTOCOLS = [
    { address: 'tcp://127.0.0.1:0', issues: true },
    { address: 'ws://127.0.0.1:0/rpc', issues: true },
    { address: 'jsonrpc+tcp://127.0.0.1:0', issues: true },
    { address: 'jsonrpc+ws://127.0.0.1:0/rpc', issues: true },
    { address: 'jsonrpc+http://127.0.0.1:0/rpc', issues: true },
    { address: 'gorpc+tcp://127.0.0.1:0', issues: false },
  ];

  test.each(CLIENT_PROTOCOLS)('over $address', async ({ address, issues }) => {
    const client = await connect(await server.listen(address));
    clients.push(client);
    expect(await client.call('Geo.norm', { x: '2', y: 3 })).toEqual({ sum: 5 });
    const error = await rejection(client.call('Geo.norm', { x: 'two', y: 3 }));
    expect(error.code).toBe(issues ? 'BAD_REQUEST' : 'REMOTE');
    expect(error.message).toMatch(/^Invalid argument for Geo\.norm: at x: /);
    if (issues) expect((error.data as { issues: Array<{ path: unknown[] }> }).issues.map((issue) => issue.path)).toContainEqual(['x']);
  });

  test('over the HTTP gateway: 400 with the x-rpc-error header and the issues', async () => {
    const base = (await server.listen('http://127.0.0.1:0/api')).replace(/^http:/, 'http:');
    const post = (body: unknown): Promise<Response> => fetch(`${base}/Geo.norm`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const good = await post({ x: 1, y: '1' });
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ result: { sum: 2 } });
    const bad = await post({ y: 1 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-rpc-error')).toBe('BAD_REQUEST');
    const body = (await bad.json()) as { error: { code: string; message: string; data: { issues: Array<{ message: string; path: unknown[] }> } } };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.data.issues.map((issue) => issue.path)).toContainEqual(['x']);
  });
});
