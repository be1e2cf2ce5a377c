// Runs in Node before the 'browser' project: an rpcx WebSocket endpoint (/_rpcx_) for the in-browser
// rpcx client, with compression on so pushes over 512 bytes reach the page gzipped.
import type { TestProject } from 'vitest/node';
import { createServer } from '../../platforms/entries/node.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** rpcx+ws://127.0.0.1:<port>/_rpcx_ */
    rpcxWsAddress: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = createServer({ compression: { threshold: 512 } });
  server.register('Arith', {
    Mul: ({ A, B }: { A: number; B: number }) => ({ C: A * B }),
    Echo: (value: unknown) => value,
    Fail: (text: string) => {
      throw new Error(text);
    },
  });
  server.handle('Arith.Push', async (text: string, ctx) => {
    ctx.peer.notify('Notice.Big', text.repeat(2000));
    return ctx.peer.call('Client.Upper', text);
  });
  project.provide('rpcxWsAddress', await server.listen('rpcx+ws://127.0.0.1:0'));
  return () => server.close();
}
