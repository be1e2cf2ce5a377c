// Builds the Go programs under test/interop/go with the machine's Go (Debian's golang-go, standard
// library only) and runs them. Without Go the tests fail, saying how to install it: never skip.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const sources = fileURLToPath(new URL('./go/', import.meta.url));

/** Go's caches live in the system temp dir, so reruns on one machine reuse them and nothing lands in $HOME. */
function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOCACHE: join(tmpdir(), 'isorpc-go-build-cache'),
    GOPATH: join(tmpdir(), 'isorpc-gopath'),
    GOTOOLCHAIN: 'local', // never download another toolchain
    GOFLAGS: '',
    CGO_ENABLED: '0',
  };
}

/** Throws the install hint when `go` is missing. */
export function requireGo(): void {
  const probe = spawnSync('go', ['version'], { env: goEnv(), encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error('The Go interop tests need Go: apt-get install -y golang-go (Debian), then run the tests again');
  }
}

export interface GoPrograms {
  server: string;
  client: string;
  /** net/rpc on the gob codec: `gobserver PORT tcp|http`, `gobclient HOST:PORT tcp|http`. */
  gobServer: string;
  gobClient: string;
  /** Removes the built binaries. */
  remove(): Promise<void>;
}

/** `go build`s server/ and client/ into a fresh temp dir. */
export async function buildGoPrograms(): Promise<GoPrograms> {
  requireGo();
  const out = await mkdtemp(join(tmpdir(), 'isorpc-go-bin-'));
  await run('go', ['build', '-o', out + '/', './server', './client', './gobserver', './gobclient'], { cwd: sources, env: goEnv(), timeout: 120_000 });
  return { server: join(out, 'server'), client: join(out, 'client'), gobServer: join(out, 'gobserver'), gobClient: join(out, 'gobclient'), remove: () => rm(out, { recursive: true, force: true }) };
}

export interface GoServer {
  /** `gorpc+tcp://127.0.0.1:PORT` */
  address: string;
  /** Closes the server's stdin, which makes it exit, and waits for it. */
  stop(): Promise<void>;
}

/** Starts the Go server on a free port and resolves once it printed its address (`scheme://host:port`). */
export function startGoServer(binary: string, args: readonly string[] = [], scheme = 'gorpc+tcp'): Promise<GoServer> {
  const child: ChildProcess = spawn(binary, ['0', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`the Go server printed no address within 10 s: ${output}`)), 10_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    child.once('error', fail);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        address: `${scheme}://${match[1]}`,
        stop: async () => {
          child.stdin!.end();
          await exited;
        },
      });
    });
  });
}

/** Runs the Go client against `hostPort` and resolves with the JSON report it prints. */
export async function runGoClient(binary: string, hostPort: string, args: readonly string[] = []): Promise<Record<string, unknown>> {
  const { stdout } = await run(binary, [hostPort, ...args], { timeout: 30_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}
