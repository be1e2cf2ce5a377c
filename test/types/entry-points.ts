// Compiled by `npm run typecheck` against the shipped declarations (the package imports itself by
// name): types from different entry points mix, and the public API has the documented shapes.
import { isRpcError, type CallContext, type Handler, type RpcError } from 'isorpc';
import type { BatchResult, JsonRpcClient } from 'isorpc/jsonrpc';
import { connect, createServer, type Client } from 'isorpc/node';
import type { Transport } from 'isorpc/core';

const multiply: Handler<{ a: number; b: number }, number> = ({ a, b }, ctx: CallContext) => {
  const remaining: number = ctx.remaining();
  return remaining > 0 ? a * b : 0;
};

export async function crossEntry(transport: Transport): Promise<number> {
  const server = createServer().handle('Arith.multiply', multiply);
  server.accept(transport);
  const client: Client = await connect(await server.listen('tcp://127.0.0.1:0'));
  try {
    return await client.call<number>('Arith.multiply', { a: 6, b: 7 });
  } catch (error) {
    if (isRpcError(error)) {
      const reason: RpcError = error;
      throw reason;
    }
    throw error;
  }
}

// A jsonrpc+ address gives a JsonRpcClient (with batch) through connect()'s overload; others a Client.
export async function jsonRpc(): Promise<BatchResult[]> {
  const client: JsonRpcClient = await connect('jsonrpc+tcp://127.0.0.1:4000');
  const plain: Client = await connect('gorpc+tcp://127.0.0.1:4001');
  plain.close();
  return client.batch([{ method: 'Arith.multiply', arg: { a: 1, b: 2 } }, { method: 'Log.write', notify: true }]);
}
