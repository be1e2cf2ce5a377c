// A client's own handlers validate too, on the protocols where the server calls the client back
// (isorpc, arpc, rpcx): a bad argument from the server is refused before the handler runs, with a message
// naming the problem (arpc carries only the text, so the check is on the message, not a code).
import { afterAll, expect, test } from 'vitest';
import { connect, createServer, isRpcError, type Client } from '../../platforms/entries/node.js';
import { LIBRARIES } from './schemas.js';

const schemas = LIBRARIES[0]!;
const server = createServer().handle('/relay', (arg: unknown, ctx) => ctx.peer.call('/client/norm', arg));
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.close();
  await server.close();
});

test.each(['tcp://127.0.0.1:0', 'arpc://127.0.0.1:0', 'rpcx://127.0.0.1:0'])('a client handler with schemas over %s', async (listen) => {
  const address = await server.listen(listen);
  const client = (await connect(address)) as Client;
  clients.push(client);
  let ran = 0;
  client.handle('/client/norm', (point: { x: number; y: number }) => (ran++, { sum: point.x + point.y }), { input: schemas.point, output: schemas.reply });
  expect(await client.call('/relay', { x: 1, y: 2 })).toEqual({ sum: 3 });
  const error = await client.call('/relay', { x: 'one', y: 2 }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isRpcError(error)).toBe(true);
  expect(`${(error as Error).message}`).toMatch(/x/);
  expect(ran).toBe(1);
});
