// The proof, run on each real registry (etcd, ZooKeeper, Redis): members in child processes
// register themselves; a cluster client discovers them through the registry and keeps calling while
// one member is SIGKILLed, another closes gracefully, a new one joins, and the registry server itself
// is restarted.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createClusterClient, type ClusterClient, type Discovery } from '../../platforms/entries/node.js';
import { eventually } from './helpers.js';
import { startMember, type Member, type RegistryKind } from './members.js';

/** A registry server the suite can stop and start again. */
export interface RegistryServerHandle {
  /** What members and discoveries connect to. */
  readonly endpoint: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** What the suite needs from one registry. */
export interface RegistrySuiteOptions {
  readonly kind: RegistryKind;
  startServer(): Promise<RegistryServerHandle>;
  discovery(endpoint: string, basePath: string): Discovery & { close(): Promise<void> };
  /** The addresses registered for Arith under `basePath`, read from the registry directly, sorted. */
  registered(endpoint: string, basePath: string): Promise<string[]>;
  /** Members' TTL (or session timeout) in seconds: short for the kill test, longer for the restart test. */
  readonly killTtl: number;
  readonly restartTtl: number;
}

/** Waits (at most 60 s) until `check()` holds; the workers below advance it. */
async function until(check: () => boolean): Promise<void> {
  if (!(await eventually(check, 60_000))) throw new Error('the run stalled');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** These runs take 10–40 s on a busy two-core machine: more than the suite's default test timeout. */
const RUN_TIMEOUT_MS = 120_000;

/** Keeps `workers` loops calling Arith.mul (idempotent) until `done()`; counts replies by member id. */
function callLoop(client: ClusterClient, workers: number, done: (issued: number) => boolean) {
  const stats = { issued: 0, ok: 0, failed: 0, wrong: 0, byId: {} as Record<string, number>, firstError: undefined as unknown, firstCallAt: {} as Record<string, number> };
  const loop = async (): Promise<void> => {
    while (!done(stats.issued)) {
      const i = stats.issued++;
      try {
        const reply = await client.call<{ id: string; product: number }>('Arith.mul', { a: i, b: 2 }, { idempotent: true });
        if (reply.product !== i * 2) stats.wrong++;
        stats.ok++;
        stats.byId[reply.id] = (stats.byId[reply.id] ?? 0) + 1;
        stats.firstCallAt[reply.id] ??= Date.now();
      } catch (error) {
        stats.failed++;
        stats.firstError ??= error;
      }
      // Paced (a timer tick per call per worker) so the membership changes happen mid-run.
      await pause(1);
    }
  };
  return { stats, finished: Promise.all(Array.from({ length: workers }, loop)) };
}

/** Registers the two cluster tests for one registry. */
export function registryClusterSuite(suite: RegistrySuiteOptions): void {
  let server: RegistryServerHandle;
  const started: Member[] = [];

  beforeAll(async () => {
    server = await suite.startServer();
  });

  afterAll(async () => {
    for (const member of started) member.kill();
    await Promise.all(started.map((member) => member.exited));
    await server?.dispose();
  });

  async function member(basePath: string, id: string, ttl: number): Promise<Member> {
    const m = await startMember(server.endpoint, basePath, id, { ttl, drainDelay: 1000, registry: suite.kind });
    started.push(m);
    return m;
  }

  const registered = (basePath: string): Promise<string[]> => suite.registered(server.endpoint, basePath);

  test('20,000 failover calls while one server is SIGKILLed and another closes gracefully: none fails; a new server is used at once', async () => {
    const basePath = '/proof';
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((id) => member(basePath, id, suite.killTtl)));
    const discovery = suite.discovery(server.endpoint, basePath);
    const client = createClusterClient({ service: 'Arith', discovery, fail: 'failover', select: 'round-robin' });
    try {
      await client.ready;
      expect(await eventually(() => client.members.length === 3)).toBe(true);
      const TOTAL = 20_000;
      const { stats, finished } = callLoop(client, 10, (issued) => issued >= TOTAL);

      await until(() => stats.issued >= 2000);
      a!.kill('SIGKILL');
      await until(() => stats.issued >= 4000);
      b!.close();
      await until(() => stats.issued >= 5000);
      const d = await member(basePath, 'd', suite.killTtl);
      const registeredAt = Date.now();
      const issuedAtRegistration = stats.issued;
      await finished;

      expect(stats.firstError).toBeUndefined();
      expect(stats.failed).toBe(0);
      expect(stats.wrong).toBe(0);
      expect(stats.ok).toBe(TOTAL);
      expect(await b!.exited).toBe(0);
      for (const id of ['a', 'b', 'c', 'd']) expect(stats.byId[id], id).toBeGreaterThan(0);
      // d joined with thousands of calls still to go (seconds at this pace) and took its share.
      expect(TOTAL - issuedAtRegistration).toBeGreaterThan(5000);
      expect(stats.byId.d).toBeGreaterThan(1000);
      console.log(`${suite.kind}: calls by server: ${JSON.stringify(stats.byId)}; d's first call ${stats.firstCallAt.d! - registeredAt} ms after it registered`);

      // Afterwards the registry lists exactly the live servers: a's entry expired, b left on close.
      const live = [c!.address, d.address].sort().join();
      expect(await eventually(async () => (await registered(basePath)).join() === live, 20_000)).toBe(true);
      expect(await eventually(() => client.members.map((m) => m.address).sort().join() === live, 10_000)).toBe(true);
    } finally {
      client.close();
      await discovery.close();
    }
  }, RUN_TIMEOUT_MS);

  test('the registry server restarted mid-run: calls keep succeeding to the known servers, and discovery resumes', async () => {
    const basePath = '/restart';
    const [p, q] = await Promise.all(['p', 'q'].map((id) => member(basePath, id, suite.restartTtl)));
    const discovery = suite.discovery(server.endpoint, basePath);
    const reported: number[] = [];
    const unsubscribe = discovery.subscribe('Arith', (instances) => reported.push(instances.length));
    const client = createClusterClient({ service: 'Arith', discovery, fail: 'failover', select: 'round-robin' });
    let stop = false;
    const { stats, finished } = callLoop(client, 4, () => stop);
    try {
      expect(await eventually(() => client.members.length === 2)).toBe(true);
      await until(() => stats.ok >= 200);

      await server.stop();
      const okAtStop = stats.ok;
      await pause(1500);
      const okDuringOutage = stats.ok - okAtStop;
      expect(client.members.map((m) => m.address).sort()).toEqual([p!.address, q!.address].sort());
      await server.start();

      // A server that registers after the restart is discovered and used: the watch came back.
      const r = await member(basePath, 'r', suite.restartTtl);
      // Generous for a loaded machine: a JVM restart and a member start can take long under the full suite.
      expect(await eventually(() => client.members.some((m) => m.address === r.address), 40_000)).toBe(true);
      expect(await eventually(() => (stats.byId.r ?? 0) > 0)).toBe(true);
      stop = true;
      await finished;

      expect(stats.firstError).toBeUndefined();
      expect(stats.failed).toBe(0);
      expect(okDuringOutage).toBeGreaterThan(50);
      // The outage never made discovery report fewer servers: 2 from the first report on, then 3.
      expect(reported[0]).toBe(2);
      expect(Math.min(...reported)).toBe(2);
      expect(reported.at(-1)).toBe(3);
      expect(await eventually(async () => (await registered(basePath)).join() === [p!.address, q!.address, r.address].sort().join(), 10_000)).toBe(true);
    } finally {
      stop = true;
      await finished;
      unsubscribe();
      client.close();
      await discovery.close();
    }
  }, RUN_TIMEOUT_MS);
}
