// One way to run a registry server (etcd, ZooKeeper, Redis) for the tests: spawned, polled every
// 100 ms until it answers, stopped with SIGTERM (SIGKILL after 10 s), killed if the test process exits,
// and its temporary dir removed by dispose().
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const EXIT_WAIT_MS = 10_000;

/** What to run and how to tell it is up. */
export interface ServerProcessSpec {
  /** For messages, e.g. `'etcd'`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** The server's temporary dir, removed by `dispose()`. */
  readonly dir: string;
  /** True once the server answers. */
  ready(): Promise<boolean>;
  /** What it failed to do in time, e.g. `'answer on port 1234'`. */
  readonly waitingFor: string;
  /** Polls of 100 ms before giving up. */
  readonly startupPolls: number;
}

/** A server the test controls. */
export interface ServerProcess {
  /** Stops it (SIGTERM), keeping its dir, so `start()` brings back the same data. */
  stop(): Promise<void>;
  /** Starts it again with the same arguments. */
  start(): Promise<void>;
  /** Stops it and removes its dir. */
  dispose(): Promise<void>;
}

/** Starts the server and resolves once `spec.ready()` says it answers. */
export async function startServerProcess(spec: ServerProcessSpec): Promise<ServerProcess> {
  let child: ChildProcess | undefined;
  let output = '';
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const start = async (): Promise<void> => {
    output = '';
    const proc = spawn(spec.command, spec.args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: spec.cwd });
    child = proc;
    proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let poll = 0; poll < spec.startupPolls; poll++) {
      if (proc.exitCode !== null) throw new Error(`${spec.name} exited with ${proc.exitCode} while starting:\n${output}`);
      if (await spec.ready()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${spec.name} did not ${spec.waitingFor} within ${spec.startupPolls / 10} s:\n${output}`);
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
    stop,
    start,
    async dispose() {
      await stop();
      process.removeListener('exit', killOnExit);
      rmSync(spec.dir, { recursive: true, force: true });
    },
  };
}
