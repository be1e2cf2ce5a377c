// The memory check: 10,000 calls in flight on one connection. The client's RSS may grow by
// less than 64 MiB and must come back within 10% of its start once they settled. The server runs in
// a child process, so the RSS measured is the client's alone. One untimed round first, so code and
// pools that any client keeps for its lifetime are already there at the start.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { connect } from '../dist/node.mjs';

const IN_FLIGHT = 10_000;
const MiB = 2 ** 20;
const collect = () => globalThis.gc?.();

async function round(client) {
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const calls = Array.from({ length: IN_FLIGHT }, () => client.call('Bench.hold', IN_FLIGHT, { timeout: 60_000 }));
  peak = Math.max(peak, process.memoryUsage().rss);
  await Promise.all(calls);
  clearInterval(sample);
  return peak;
}

async function settledRss() {
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().rss;
}

/** Returns one result per transport: { transport, start, peak, after, grewOk, returnedOk } in bytes. */
export async function runRssCheck(transports) {
  const results = [];
  for (const transport of transports) {
    const server = fork(new URL('./hold-server.mjs', import.meta.url), [transport], { stdio: 'inherit' });
    const [{ address }] = await once(server, 'message');
    const client = await connect(address);
    try {
      await round(client);
      const start = await settledRss();
      const peak = await round(client);
      const after = await settledRss();
      results.push({ transport, start, peak, after, grewOk: peak - start < 64 * MiB, returnedOk: after <= start * 1.1 });
    } finally {
      client.close();
      server.disconnect();
    }
  }
  return results;
}

export function formatRssCheck(results) {
  const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;
  const lines = [`${IN_FLIGHT.toLocaleString('en-US')} calls in flight on one connection: client RSS (goal: grows < 64 MiB, back within 10% after)${globalThis.gc ? '' : ' — run node with --expose-gc for settled figures'}`];
  for (const r of results) {
    lines.push(
      `  ${r.transport.padEnd(4)} start ${mib(r.start)}, peak ${mib(r.peak)} (+${mib(r.peak - r.start)} ${r.grewOk ? 'ok' : '!!'}), after ${mib(r.after)} (${(((r.after - r.start) / r.start) * 100).toFixed(1)}% ${r.returnedOk ? 'ok' : '!!'})`,
    );
  }
  return lines.join('\n');
}
