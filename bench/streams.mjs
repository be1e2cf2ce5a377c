// The stream section of `npm run bench`: items/s and MB/s of a server stream, isorpc (flow-controlled
// async generator) beside a raw baseline (the transport's own throughput, no flow control).
import net from 'node:net';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import { connect, connectPort } from '../dist/node.mjs';
import { createDecoder } from './length-prefix.mjs';
import { median } from './measure.mjs';
import { RAW_MESSAGE_BYTES } from './payload.mjs';

const WORKER = new URL('./stream-server-worker.mjs', import.meta.url);
/** Wire bytes of one isorpc stream item: the frame header plus the msgpack body, like a raw message. */
const ITEM_BYTES = RAW_MESSAGE_BYTES - 'Bench.echo'.length;

async function startWorker(impl, transport) {
  const worker = new Worker(WORKER, { workerData: { impl, transport } });
  const [{ address }] = await once(worker, 'message');
  return { worker, address };
}

/** Returns `receive(n) → Promise<void>` that resolves once n items have arrived. */
async function isorpcReceiver(transport, worker, address) {
  const client = transport === 'port' ? await connectPort(worker) : await connect(address);
  return {
    receive: async (n) => {
      let count = 0;
      for await (const item of client.stream('Bench.items', { n })) if (item.id === 1) count++;
      if (count !== n) throw new Error(`isorpc ${transport}: got ${count} of ${n} items`);
    },
    close: () => client.close(),
  };
}

async function rawReceiver(transport, worker, address) {
  let expected = 0;
  let count = 0;
  let done = () => undefined;
  const arrived = () => {
    if (++count === expected) done();
  };
  const waitFor = (n, send) =>
    new Promise((resolve) => {
      expected = n;
      count = 0;
      done = resolve;
      send(n);
    });
  if (transport === 'tcp') {
    const [host, port] = address.split(':');
    const socket = net.connect({ host, port: Number(port), noDelay: true });
    await once(socket, 'connect');
    socket.on('data', createDecoder(arrived));
    return { receive: (n) => waitFor(n, (count) => socket.write(Buffer.from(new Uint32Array([count]).buffer).reverse())), close: () => socket.destroy() };
  }
  if (transport === 'ws') {
    const socket = new WebSocket(address);
    await once(socket, 'open');
    socket.on('message', arrived);
    return { receive: (n) => waitFor(n, (count) => socket.send(String(count))), close: () => socket.close() };
  }
  worker.on('message', (message) => message.payload !== undefined && arrived());
  return { receive: (n) => waitFor(n, (count) => worker.postMessage({ n: count })), close: () => undefined };
}

/** Items/s of `receive(n)`, best of a warm-up then the median of `repeats` runs. */
async function measure(receiver, n, repeats) {
  await receiver.receive(Math.min(n, 20_000));
  const rates = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await receiver.receive(n);
    rates.push(n / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

export async function runStreamBench({ transports, repeats, items = 200_000 }) {
  const rows = [];
  for (const transport of transports) {
    const rates = {};
    for (const impl of ['isorpc', 'raw']) {
      const { worker, address } = await startWorker(impl, transport);
      const receiver = await (impl === 'isorpc' ? isorpcReceiver : rawReceiver)(transport, worker, address);
      rates[impl] = await measure(receiver, items, repeats);
      receiver.close();
      await worker.terminate();
    }
    rows.push({ transport, isorpc: rates.isorpc, raw: rates.raw, ratio: rates.isorpc / rates.raw });
  }
  return rows;
}

export function formatStreamTable(rows, labels) {
  const mb = (itemsPerSecond, bytes) => ((itemsPerSecond * bytes) / 1e6).toFixed(1);
  const lines = [
    'transport   | isorpc items/s | isorpc MB/s | raw items/s | raw MB/s | ratio',
    '------------+----------------+-------------+-------------+----------+------',
  ];
  for (const row of rows) {
    const isorpcBytes = row.transport === 'port' ? 0 : ITEM_BYTES;
    const rawBytes = row.transport === 'port' ? 0 : RAW_MESSAGE_BYTES;
    lines.push(
      `${labels[row.transport].padEnd(11)} | ${Math.round(row.isorpc).toLocaleString('en-US').padStart(14)} | ${(isorpcBytes ? mb(row.isorpc, isorpcBytes) : '–').padStart(11)} | ${Math.round(row.raw).toLocaleString('en-US').padStart(11)} | ${(rawBytes ? mb(row.raw, rawBytes) : '–').padStart(8)} | ${row.ratio.toFixed(2)}`,
    );
  }
  return lines.join('\n');
}
