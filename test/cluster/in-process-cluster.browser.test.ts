// The cluster client inside Chromium, from the browser-safe entry: servers in the page announce
// themselves in the in-process registry at inproc:// addresses, and a cluster client balances over
// them and fails over when one closes. No network and no Node built-ins.
import { expect, test } from 'vitest';
import { createClusterClient, createInProcessRegistry, createServer, registerServer, type ServerRegistration } from '../../platforms/entries/index.js';

test('round robin and failover over the in-process registry, in the browser', async () => {
  const registry = createInProcessRegistry();
  const registrations: ServerRegistration[] = [];
  for (const id of ['a', 'b', 'c']) {
    const server = createServer().register('Arith', { mul: ({ a, b }: { a: number; b: number }) => ({ id, product: a * b }) });
    registrations.push(await registerServer(server, registry, { address: `inproc://${id}`, drainDelay: 0 }));
  }
  const client = createClusterClient({ service: 'Arith', discovery: registry, select: 'round-robin' });
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) ids.push((await client.call<{ id: string }>('Arith.mul', { a: i, b: 3 })).id);
  expect(ids).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);

  await registrations[1]!.close();
  const after = new Set<string>();
  for (let i = 0; i < 6; i++) after.add((await client.call<{ id: string; product: number }>('Arith.mul', { a: i, b: 3 })).id);
  expect(after).toEqual(new Set(['a', 'c']));
  const replies = await client.broadcast<{ id: string; product: number }>('Arith.mul', { a: 2, b: 5 });
  expect(replies.map((r) => r.reply.product)).toEqual([10, 10]);

  client.close();
  await Promise.all(registrations.map((r) => r.close()));
});
