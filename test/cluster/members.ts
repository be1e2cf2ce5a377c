// Starts cluster members (test/cluster/fixtures/registry-member.mjs) as child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./fixtures/registry-member.mjs', import.meta.url));
/** Generous: a member process starts slowly when the whole suite runs on two shared cores. */
const READY_TIMEOUT_MS = 30_000;

export interface Member {
  readonly id: string;
  readonly address: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Graceful close (leave the registry, drain, stop). */
  close(): void;
  kill(signal?: NodeJS.Signals): void;
}

/** Which registry a member announces itself in. */
export type RegistryKind = 'etcd' | 'zookeeper' | 'redis';

/** `ttl` is the lease or key TTL in seconds (etcd, Redis) or the session timeout in seconds (ZooKeeper). */
export async function startMember(endpoint: string, basePath: string, id: string, options: { ttl?: number; drainDelay?: number; registry?: RegistryKind } = {}): Promise<Member> {
  const child = spawn(process.execPath, [FIXTURE, options.registry ?? 'etcd', endpoint, basePath, id, String(options.ttl ?? 2), String(options.drainDelay ?? 1000)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`member ${id} did not register within ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^\{.*\}$/m.exec(output);
      if (line === null) return;
      clearTimeout(timer);
      resolve((JSON.parse(line[0]) as { address: string }).address);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`member ${id} exited with ${code} before registering:\n${output}`));
    });
  });
  return {
    id,
    address,
    process: child,
    exited,
    close: () => child.stdin!.write('close\n'),
    kill: (signal = 'SIGKILL') => child.kill(signal),
  };
}
