// Starts Debian's etcd binary (package etcd-server) for the tests: loopback ports picked free, a
// temporary data dir, stopped (and the dir removed) when the test is done. Never skipped: without the
// binary the tests fail and say how to install it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

const ETCD = process.env.ETCD_PATH ?? 'etcd';
const STARTUP_POLLS = 150; // × 100 ms

/** A running etcd on 127.0.0.1. */
export interface EtcdServer {
  /** `http://127.0.0.1:<port>`, for the etcd3 client's `hosts`. */
  readonly endpoint: string;
  /** Stops etcd (SIGTERM), keeping its data dir so `start()` brings back the same data. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data. */
  start(): Promise<void>;
  /** Stops it and removes the data dir. */
  dispose(): Promise<void>;
}

/** Throws the install hint when the etcd binary is missing. */
export function assertEtcdInstalled(): void {
  const probe = spawnSync(ETCD, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`The etcd tests need the etcd binary (${ETCD}: ${probe.error?.message ?? probe.stderr}). Install it with: apt-get install -y etcd-server (or set ETCD_PATH)`);
  }
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok && ((await response.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

/** Starts a single-member etcd and resolves once it reports healthy. */
export async function startEtcd(): Promise<EtcdServer> {
  assertEtcdInstalled();
  const dataDir = mkdtempSync(join(tmpdir(), 'isorpc-etcd-'));
  const clientPort = await freePort();
  const peerPort = await freePort();
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'default',
    '--data-dir', dataDir,
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `default=${peer}`,
    '--logger', 'zap',
    '--log-level', 'error',
  ];
  const server = await startServerProcess({ name: 'etcd', command: ETCD, args, dir: dataDir, ready: () => healthy(endpoint), waitingFor: `become healthy at ${endpoint}`, startupPolls: STARTUP_POLLS });
  return { endpoint, ...server };
}
