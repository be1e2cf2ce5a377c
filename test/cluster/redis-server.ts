// Starts Debian's redis-server for the tests: a free loopback port, a temporary working dir, no
// persistence (`--save '' --appendonly no`, so a restart comes back empty, the hard case for
// re-registration), stopped (and the dir removed) when the test is done. Never skipped: without the
// binary the tests fail and say how to install it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

const REDIS = process.env.REDIS_SERVER_PATH ?? 'redis-server';
const STARTUP_POLLS = 100; // × 100 ms

/** A running Redis on 127.0.0.1. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops Redis (SIGTERM); with no persistence its keys are gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops it and removes its dir. */
  dispose(): Promise<void>;
}

/** Throws the install hint when redis-server is missing. */
export function assertRedisInstalled(): void {
  const probe = spawnSync(REDIS, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`The Redis tests need redis-server (${REDIS}: ${probe.error?.message ?? probe.stderr}). Install it with: apt-get install -y redis-server (or set REDIS_SERVER_PATH)`);
  }
}

/** True when Redis answers PING on `port`. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** Starts Redis and resolves once it answers PING. */
export async function startRedis(): Promise<RedisServer> {
  assertRedisInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'isorpc-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
  const server = await startServerProcess({ name: 'redis-server', command: REDIS, args, dir, ready: () => pong(port), waitingFor: `answer on port ${port}`, startupPolls: STARTUP_POLLS });
  return { endpoint: `redis://127.0.0.1:${port}`, port, ...server };
}
