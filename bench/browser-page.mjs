// The page the browser bench loads (served as /bench.js beside dist/isorpc.browser.mjs): isorpc and a
// raw WebSocket echo (one binary message per call) called from Chromium, small calls and 64 KiB.
import { connect } from '/isorpc.browser.mjs';

const ARG = { id: 1, text: 'hello world', n: 42 };
const BIG = new Uint8Array(65536).fill(7);

async function rawClient(address, messageBytes) {
  const socket = new WebSocket(address);
  socket.binaryType = 'arraybuffer';
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const pending = new Map();
  let nextId = 1;
  socket.onmessage = (event) => {
    const id = new DataView(event.data).getUint32(0);
    const resolve = pending.get(id);
    pending.delete(id);
    resolve(event.data);
  };
  const call = (bytes) => () =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const message = new Uint8Array(bytes);
      message.fill(7, 4);
      new DataView(message.buffer).setUint32(0, id);
      socket.send(message);
    });
  return { small: call(messageBytes), big: call(4 + BIG.byteLength), close: () => socket.close() };
}

/** Calls/s of `call` with `concurrency` lanes for `seconds`. */
async function loop(call, concurrency, seconds) {
  let calls = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let last = start;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await call();
        calls++;
        last = performance.now();
      }
    }),
  );
  return calls / ((last - start) / 1000);
}

window.runBench = async ({ isorpcAddress, rawAddress, rawMessageBytes, seconds }) => {
  const client = await connect(isorpcAddress);
  const raw = await rawClient(rawAddress, rawMessageBytes);
  const impls = { isorpc: { small: () => client.call('Bench.echo', ARG), big: () => client.call('Bench.echo', BIG) }, raw };
  const modes = [
    { name: 'par-small', concurrency: 256, size: 'small' },
    { name: 'seq-small', concurrency: 1, size: 'small' },
    { name: 'par-64k', concurrency: 16, size: 'big' },
  ];
  const results = [];
  for (const mode of modes) {
    const rates = { isorpc: [], raw: [] };
    for (const impl of ['isorpc', 'raw']) await loop(impls[impl][mode.size], mode.concurrency, Math.min(0.5, seconds / 2));
    // Four interleaved slices, ABBA, as the Node bench does.
    for (const order of [['isorpc', 'raw'], ['raw', 'isorpc'], ['isorpc', 'raw'], ['raw', 'isorpc']]) {
      for (const impl of order) rates[impl].push(await loop(impls[impl][mode.size], mode.concurrency, seconds / 4));
    }
    const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
    results.push({ mode: mode.name, isorpc: mean(rates.isorpc), raw: mean(rates.raw) });
  }
  client.close();
  raw.close();
  return results;
};
window.benchReady = true;
