// Starts Debian's ZooKeeper (package zookeeper / zookeeperd, 3.8) for the tests: java runs
// ZooKeeperServerMain directly with a generated config (a free loopback client port, a temporary data
// dir, the admin server off, a short tick so sessions can be short), stopped (and the dir removed)
// when the test is done. Never skipped: without it the tests fail and say how to install it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

const JAVA = process.env.JAVA_PATH ?? 'java';
const CLASSPATH = process.env.ZOOKEEPER_CLASSPATH ?? '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar';
const STARTUP_POLLS = 300; // × 100 ms: a JVM on a busy machine
const EXIT_WAIT_MS = 10_000;
/** Sessions may last 2–20 ticks: 0.5–5 s. */
const TICK_MS = 250;

/** A running ZooKeeper on 127.0.0.1. */
export interface ZooKeeperServer {
  /** `127.0.0.1:<port>`, for the client's `hosts`. */
  readonly endpoint: string;
  /** Stops ZooKeeper (SIGTERM), keeping its data dir (nodes and sessions) for `start()`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes the data dir. */
  dispose(): Promise<void>;
}

/** Throws the install hint when java or ZooKeeper's jar is missing. */
export function assertZooKeeperInstalled(): void {
  const probe = spawnSync(JAVA, ['-version'], { encoding: 'utf8' });
  const jar = CLASSPATH.split(':').find((entry) => entry.endsWith('.jar'));
  if (probe.error !== undefined || probe.status !== 0 || jar === undefined || !existsSync(jar)) {
    throw new Error(`The ZooKeeper tests need java and ZooKeeper's jar (${JAVA}, ${CLASSPATH}). Install them with: apt-get install -y zookeeper (or set JAVA_PATH / ZOOKEEPER_CLASSPATH)`);
  }
}

/** True when ZooKeeper answers the `ruok` four-letter word. */
function imok(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (): void => {
      socket.destroy();
      resolve(reply === 'imok');
    };
    socket.setTimeout(1000, done);
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => socket.write('ruok'));
    socket.on('data', (chunk) => (reply += chunk.toString()));
  });
}

/** Starts a standalone ZooKeeper and resolves once it answers `ruok`. */
export async function startZooKeeper(): Promise<ZooKeeperServer> {
  assertZooKeeperInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'isorpc-zookeeper-'));
  const port = await freePort();
  const config = join(dir, 'zoo.cfg');
  writeFileSync(
    config,
    [
      `tickTime=${TICK_MS}`,
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${port}`,
      'clientPortAddress=127.0.0.1',
      'admin.enableServer=false',
      '4lw.commands.whitelist=ruok',
      `minSessionTimeout=${2 * TICK_MS}`,
      `maxSessionTimeout=${20 * TICK_MS}`,
    ].join('\n'),
  );
  // A small, quick-starting JVM: the machine is shared with other test processes.
  const args = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', CLASSPATH, 'org.apache.zookeeper.server.ZooKeeperServerMain', config];
  let child: ChildProcess | undefined;
  let output = '';
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const start = async (): Promise<void> => {
    output = '';
    const proc = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    child = proc;
    proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let poll = 0; poll < STARTUP_POLLS; poll++) {
      if (proc.exitCode !== null) throw new Error(`ZooKeeper exited with ${proc.exitCode} while starting:\n${output}`);
      if (await imok(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`ZooKeeper did not answer on port ${port} within ${STARTUP_POLLS / 10} s:\n${output}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), EXIT_WAIT_MS);
    await exited;
    clearTimeout(timer);
  };

  await start();
  return {
    endpoint: `127.0.0.1:${port}`,
    stop,
    start,
    async dispose() {
      await stop();
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
