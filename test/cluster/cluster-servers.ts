// Servers for the cluster client tests: each answers with its id and counts what it was asked, so a
// test sees where every call went. In-process (`inproc://`) unless a test asks for TCP.
import { createServer, registerServer, type CallContext, type InProcessRegistry, type Server, type ServerRegistration } from '../../platforms/entries/node.js';

export interface TestServer {
  readonly id: string;
  readonly server: Server;
  readonly registration: ServerRegistration;
  /** Invocations per method. */
  readonly calls: Map<string, number>;
  /** Handlers whose signal fired (cancelled by the caller, e.g. a losing backup request). */
  aborted: number;
  /** Extra delay before `mul` answers, in ms. */
  delay: number;
  /** `flaky` drops the connection this many more times before it answers. */
  dropsLeft: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

export async function startServer(registry: InProcessRegistry, id: string, options: { metadata?: Record<string, string>; weight?: number; tcp?: boolean; group?: string } = {}): Promise<TestServer> {
  const server = createServer();
  const state = { calls: new Map<string, number>(), aborted: 0, delay: 0, dropsLeft: 0 };
  const count = (method: string): void => void state.calls.set(method, (state.calls.get(method) ?? 0) + 1);
  const watchAbort = (ctx: CallContext): void => ctx.signal.addEventListener('abort', () => state.aborted++);
  server.register('Arith', {
    async mul({ a, b }: { a: number; b: number }, ctx: CallContext) {
      count('mul');
      if (state.delay > 0) {
        watchAbort(ctx);
        await sleep(state.delay, ctx.signal);
      }
      return { id, product: a * b };
    },
    fail() {
      count('fail');
      throw Object.assign(new Error(`${id} refuses`), { code: 'E_REFUSED' });
    },
    drop(_arg: unknown, ctx: CallContext) {
      count('drop');
      ctx.peer.close();
      return new Promise(() => undefined);
    },
    flaky(_arg: unknown, ctx: CallContext) {
      count('flaky');
      if (state.dropsLeft > 0) {
        state.dropsLeft--;
        ctx.peer.close();
        return new Promise(() => undefined);
      }
      return { id };
    },
    hang(_arg: unknown, ctx: CallContext) {
      count('hang');
      watchAbort(ctx);
      return new Promise(() => undefined);
    },
    note(value: unknown) {
      count(`note:${String(value)}`);
    },
    async *countTo(limit: number) {
      count('countTo');
      for (let i = 1; i <= limit; i++) yield { id, i };
    },
  });
  const address = options.tcp ? await server.listen('tcp@127.0.0.1:0') : `inproc://${id}`;
  const registration = await registerServer(server, registry, { address, weight: options.weight, group: options.group, metadata: options.metadata, drainDelay: 20 });
  return Object.assign(state, { id, server, registration });
}

/** Starts servers `ids` in order. */
export async function startServers(registry: InProcessRegistry, ids: readonly string[]): Promise<TestServer[]> {
  const servers: TestServer[] = [];
  for (const id of ids) servers.push(await startServer(registry, id));
  return servers;
}

export async function closeAll(servers: readonly TestServer[]): Promise<void> {
  await Promise.all(servers.map((s) => s.server.close()));
}

/** How many calls of `method` each server got, by id. */
export function callsBy(servers: readonly TestServer[], method = 'mul'): Record<string, number> {
  return Object.fromEntries(servers.map((s) => [s.id, s.calls.get(method) ?? 0]));
}
