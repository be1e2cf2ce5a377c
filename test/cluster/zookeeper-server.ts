// Starts Debian's ZooKeeper (package zookeeper / zookeeperd, 3.8) for the tests: java runs
// ZooKeeperServerMain directly with a generated config (a free loopback client port, a temporary data
// dir, the admin server off, a short tick so sessions can be short), stopped (and the dir removed)
// when the test is done. Never skipped: without it the tests fail and say how to install it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

const JAVA = process.env.JAVA_PATH ?? 'java';
const CLASSPATH = process.env.ZOOKEEPER_CLASSPATH ?? '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar';
const STARTUP_POLLS = 300; // × 100 ms: a JVM on a busy machine
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
  const server = await startServerProcess({ name: 'ZooKeeper', command: JAVA, args, cwd: dir, dir, ready: () => imok(port), waitingFor: `answer on port ${port}`, startupPolls: STARTUP_POLLS });
  return { endpoint: `127.0.0.1:${port}`, ...server };
}
