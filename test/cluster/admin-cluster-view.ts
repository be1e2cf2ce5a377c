// The admin page's cluster view over a real registry: the page's RPC surface (isorpc.Admin over its
// WebSocket, what the page itself calls) lists a server found through the registry's discovery, and
// deactivating it there goes through the registry server and comes back through discovery.
import { expect } from 'vitest';
import { connect, createMetrics, createServer, listenAdmin, registerServer, type Discovery, type Registry } from '../../platforms/entries/node.js';
import { eventually } from './helpers.js';

interface Snapshot {
  cluster: { service: string; address: string; metadata: Record<string, string>; editable: boolean }[];
}

/** Runs the check; `discovery` and `registry` must share a base path that nothing else uses. */
export async function checkAdminClusterView(discovery: Discovery, registry: Registry): Promise<void> {
  const server = createServer().register('Arith', { mul: () => 0 });
  const address = await server.listen('tcp@127.0.0.1:0');
  const registration = await registerServer(server, registry, { drainDelay: 0 });
  const admin = await listenAdmin({ server, metrics: createMetrics(), cluster: { discovery, services: ['Arith'], registrations: [registration] } });
  const page = await connect(`${admin.url.replace(/^http/, 'ws')}rpc`);
  try {
    const listed = async (): Promise<Snapshot['cluster']> => ((await page.call('isorpc.Admin.snapshot')) as Snapshot).cluster;
    expect(await eventually(async () => (await listed()).some((entry) => entry.address === address))).toBe(true);
    expect((await listed()).find((entry) => entry.address === address)).toMatchObject({ service: 'Arith', editable: true });
    await page.call('isorpc.Admin.setState', { address, state: 'inactive' });
    expect(await eventually(async () => (await listed()).find((entry) => entry.address === address)?.metadata.state === 'inactive')).toBe(true);
  } finally {
    page.close();
    await admin.close();
    await registration.close();
  }
}
