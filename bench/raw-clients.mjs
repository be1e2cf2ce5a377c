// Raw baseline clients. Each matches replies to requests by id through a Map, so any number of
// calls can be in flight, and returns a promise per call exactly like isorpc's client.call().
// `call(filler)` sends `id + filler`; the server echoes it.
import net from 'node:net';
import { once } from 'node:events';
import WebSocket from 'ws';
import { coalescingSender, forEachInBatch } from './coalescer.mjs';
import { corkedWriter } from './corked-writer.mjs';
import { createDecoder, encodeMessage } from './length-prefix.mjs';
import { RAW_PORT_PAYLOAD } from './payload.mjs';

/** Request ids 1 … 2³²−1, like isorpc's sequence numbers. */
function createPending() {
  const calls = new Map();
  let nextId = 1;
  return {
    add(resolve) {
      const id = nextId;
      nextId = nextId === 0xffffffff ? 1 : nextId + 1;
      calls.set(id, resolve);
      return id;
    },
    settle(id, value) {
      const resolve = calls.get(id);
      if (resolve === undefined) throw new Error(`raw baseline: reply for unknown id ${id}`);
      calls.delete(id);
      resolve(value);
    },
  };
}

function idMessage(id, filler) {
  const message = Buffer.allocUnsafe(4 + filler.length);
  message.writeUInt32BE(id, 0);
  filler.copy(message, 4);
  return message;
}

export async function rawTcpClient(address) {
  const [host, port] = address.split(':');
  const socket = net.connect({ host, port: Number(port), noDelay: true });
  await once(socket, 'connect');
  const pending = createPending();
  const write = corkedWriter(socket);
  socket.on('data', createDecoder((buf, start, end) => pending.settle(buf.readUInt32BE(start), buf.subarray(start, end))));
  return {
    call: (filler) => new Promise((resolve) => write(encodeMessage(pending.add(resolve), filler))),
    close: () => socket.destroy(),
  };
}

/** One WebSocket message per call (`coalesce` false) or every call of a tick in one message. */
export async function rawWsClient(address, coalesce = false) {
  const socket = new WebSocket(address, { perMessageDeflate: false });
  await once(socket, 'open');
  const pending = createPending();
  if (coalesce) {
    const send = coalescingSender(socket);
    socket.on('message', (data) => forEachInBatch(data, (buf, start, end) => pending.settle(buf.readUInt32BE(start), buf.subarray(start, end))));
    return { call: (filler) => new Promise((resolve) => send(idMessage(pending.add(resolve), filler))), close: () => socket.terminate() };
  }
  socket.on('message', (data) => pending.settle(data.readUInt32BE(0), data));
  return {
    call: (filler) => new Promise((resolve) => socket.send(idMessage(pending.add(resolve), filler))),
    close: () => socket.terminate(),
  };
}

export async function rawPortClient(worker) {
  const pending = createPending();
  const onMessage = (message) => pending.settle(message.id, message.payload);
  worker.on('message', onMessage);
  return {
    call: (payload = RAW_PORT_PAYLOAD) => new Promise((resolve) => worker.postMessage({ id: pending.add(resolve), payload })),
    close: () => worker.off('message', onMessage),
  };
}
