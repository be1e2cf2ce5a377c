// The 500-call figures of Go's net/rpc gob codec (docs/guide/go-gob.md): rounds of 500 concurrent
// Arith.Multiply calls on one connection, each way, over gob+tcp:// and gob+http://, against the Go
// programs of test/interop/go built with the machine's Go. Loopback only; prints the median and the
// best round, and calls per second at the median.
//   npm run build && node bench/gob.mjs [rounds]
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect, createServer } from '../dist/node.mjs';

const run = promisify(execFile);
const ROUNDS = Number(process.argv[2] ?? 30);
const CALLS = 500;
const env = { ...process.env, GOCACHE: join(tmpdir(), 'isorpc-go-build-cache'), GOPATH: join(tmpdir(), 'isorpc-gopath'), GOTOOLCHAIN: 'local', GOFLAGS: '', CGO_ENABLED: '0' };

const out = await mkdtemp(join(tmpdir(), 'isorpc-gob-bench-'));
await run('go', ['build', '-o', out + '/', './gobserver', './gobclient'], { cwd: fileURLToPath(new URL('../test/interop/go/', import.meta.url)), env });

function summary(label, times) {
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(44)} median ${median.toFixed(1)} ms, best ${times[0].toFixed(1)} ms, ${Math.round((CALLS / median) * 1000)} calls/s`);
}

for (const mode of ['tcp', 'http']) {
  // isorpc client → Go server
  const go = spawn(join(out, 'gobserver'), ['0', mode], { stdio: ['pipe', 'pipe', 'inherit'] });
  const hostPort = await new Promise((resolve) => go.stdout.on('data', (chunk) => resolve(/listening (\S+)/.exec(String(chunk))?.[1])));
  const client = await connect(`gob+${mode}://${hostPort}`);
  const times = [];
  for (let round = 0; round < ROUNDS + 3; round++) {
    const start = performance.now();
    await Promise.all(Array.from({ length: CALLS }, (_, i) => client.call('Arith.Multiply', { A: i, B: 2 })));
    if (round >= 3) times.push(performance.now() - start); // 3 warm-up rounds
  }
  summary(`isorpc client → Go server (gob+${mode})`, times);
  client.close();
  go.stdin.end();

  // Go client → isorpc server
  const server = createServer();
  server.register('Arith', { Multiply: ({ A = 0, B = 0 }) => A * B });
  const address = await server.listen(`gob+${mode}://127.0.0.1:0`);
  const target = /^gob\+\w+:\/\/([^/]+)/.exec(address)[1];
  const { stdout } = await run(join(out, 'gobclient'), [target, mode, 'bench', String(ROUNDS)], { timeout: 120_000 });
  summary(`Go client → isorpc server (gob+${mode})`, JSON.parse(stdout).roundsMs);
  await server.close();
}
await rm(out, { recursive: true, force: true });
