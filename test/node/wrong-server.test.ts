// A client pointed at something that is not an isorpc server is told so, with what the other side
// sent first, instead of only a frame-size or text-message error: the usual mistake is a wrong
// port or a missing scheme prefix (jsonrpc+ws://, http://).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type Server } from '../../platforms/entries/node.js';

let httpLike: net.Server;
let httpAddress: string;
let server: Server;

beforeAll(async () => {
  // Answers anything with an HTTP error, as a web server on a mistyped port would.
  httpLike = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n')));
  await new Promise<void>((resolve) => httpLike.listen(0, '127.0.0.1', resolve));
  httpAddress = `tcp://127.0.0.1:${(httpLike.address() as net.AddressInfo).port}`;
  server = createServer().handle('echo', (value) => value);
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => httpLike.close(resolve));
});

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isRpcError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the connection to be refused');
}

describe('a client that reaches another protocol', () => {
  test('over TCP, an HTTP answer: the error shows what it began with and says to check the address', async () => {
    const error = await refusal(connect(httpAddress, { connectTimeout: 5_000 }));
    expect(error.code).toBe('FRAME_TOO_LARGE'); // "HTTP" read as a length prefix
    expect(error.message).toContain('. The other side began with "HTTP/1.1 400 Bad Request": is it an isorpc server? Check the address and its scheme');
  });

  test("over WebSocket, a JSON-RPC server (the address lacks 'jsonrpc+'): the error shows its JSON", async () => {
    const address = await server.listen('jsonrpc+ws://127.0.0.1:0/rpc');
    const error = await refusal(connect(address.replace('jsonrpc+', ''), { connectTimeout: 5_000 }));
    expect(error.code).toBe('PROTOCOL');
    expect(error.message).toMatch(/^Received a text message; isorpc sends binary messages only\. The other side began with "\{"jsonrpc":"2\.0".*": is it an isorpc server\?/);
  });

  test('an isorpc server on the same listener still serves: the hint is only for the first bytes', async () => {
    const client = await connect(await server.listen('ws://127.0.0.1:0/rpc'));
    expect(await client.call('echo', 'fine')).toBe('fine');
    client.close();
  });
});
