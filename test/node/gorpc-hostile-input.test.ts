// Hostile and malformed input against a gorpc+tcp:// listener. Go's codec has no way to report an
// error without a request id, so, like Go's own server, a message that is not a JSON object closes
// that connection; a well-formed request with bad params gets Go's error text and the connection
// stays. Other clients are served throughout.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, type Client, type Server } from '../../platforms/entries/node.js';
import { rawJsonPeer } from './raw-json-peer.js';

const MAX_FRAME = 64 * 1024;
let server: Server;
let address: string;
let goodClient: Client;

beforeAll(async () => {
  server = createServer({ maxFrameSize: MAX_FRAME });
  server.register('Arith', { Add: ({ A, B }: { A: number; B: number }) => A + B, Nothing: () => null });
  address = await server.listen('gorpc+tcp://127.0.0.1:0');
  goodClient = await connect(address);
});

afterAll(async () => {
  goodClient.close();
  await server.close();
});

async function stillServing(): Promise<void> {
  expect(await goodClient.call('Arith.Add', { A: 40, B: 2 })).toBe(42);
}

describe('Go net/rpc mode', () => {
  test.each([
    ['malformed JSON', '{"method": nope}\n'],
    ['a JSON value that is not an object', '[1,2,3]\n'],
    ['a method that is not a string', '{"method":5,"params":[{}],"id":1}\n'],
  ])('%s closes that connection only', async (_name, text) => {
    const peer = await rawJsonPeer(address);
    peer.write(text);
    await peer.closed;
    await stillServing();
  });

  test('a request over maxFrameSize closes that connection only', async () => {
    const peer = await rawJsonPeer(address);
    peer.write(`{"method":"Arith.Add","params":["${'x'.repeat(MAX_FRAME)}"],"id":1}\n`);
    await peer.closed;
    await stillServing();
  });

  test("missing or non-array params get Go's error text; the connection keeps serving", async () => {
    const peer = await rawJsonPeer(address);
    peer.write('{"method":"Arith.Add","id":1}{"method":"Arith.Add","params":{"A":1},"id":"two"}\n');
    expect(await peer.next()).toEqual({ id: 1, result: null, error: 'jsonrpc: request body missing params' });
    expect(await peer.next()).toMatchObject({ id: 'two', result: null, error: expect.stringContaining('cannot unmarshal object') });
    peer.write('{"method":"Arith.Add","params":[{"A":1,"B":2}],"id":3}');
    peer.write('\n');
    expect(await peer.next()).toEqual({ id: 3, result: 3, error: null });
    peer.destroy();
  });

  test('a reply is never null with a null error (Go would drop the connection): nothing becomes {}', async () => {
    const peer = await rawJsonPeer(address);
    peer.write('{"method":"Arith.Nothing","params":[null],"id":4}\n');
    expect(await peer.next()).toEqual({ id: 4, result: {}, error: null });
    peer.write('{"method":"Arith.Nope","params":[null],"id":5}\n');
    expect(await peer.next()).toEqual({ id: 5, result: null, error: "rpc: can't find method Arith.Nope" });
    peer.destroy();
  });

  test('a reply over maxFrameSize becomes an error reply, even when the id alone nearly fills the limit', async () => {
    server.handle('Probe.big', () => 'r'.repeat(8 * 1024));
    const peer = await rawJsonPeer(address);
    const id = 'i'.repeat(MAX_FRAME - 1024);
    peer.write(`{"method":"Probe.big","params":[null],"id":"${id}"}\n`);
    expect(await peer.next()).toEqual({ id, result: null, error: expect.stringContaining('exceeds the limit') });
    peer.write('{"method":"Arith.Add","params":[{"A":1,"B":1}],"id":2}\n');
    expect(await peer.next()).toEqual({ id: 2, result: 2, error: null });
    peer.destroy();
  });

  test('the server cannot call a Go client back: ctx.peer.call rejects with UNAVAILABLE', async () => {
    server.handle('Probe.callBack', async (_arg, ctx) => ctx.peer.call('Client.x').catch((error: { code: string }) => error.code));
    expect(await goodClient.call('Probe.callBack', {})).toBe('UNAVAILABLE');
  });
});
