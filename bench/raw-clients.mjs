// Raw baseline clients. Each matches replies to requests by id through a Map, so any number of
// calls can be in flight, and returns a promise per call exactly like isorpc's client.call().
import net from 'node:net';
import { once } from 'node:events';
import WebSocket from 'ws';
import { corkedWriter } from './corked-writer.mjs';
import { createDecoder, encodeMessage } from './length-prefix.mjs';
import { RAW_FILLER, RAW_PORT_PAYLOAD } from './payload.mjs';

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

export async function rawTcpClient(address) {
  const [host, port] = address.split(':');
  const socket = net.connect({ host, port: Number(port), noDelay: true });
  await once(socket, 'connect');
  const pending = createPending();
  const write = corkedWriter(socket);
  socket.on('data', createDecoder((buf, start, end) => pending.settle(buf.readUInt32BE(start), buf.subarray(start, end))));
  return {
    call: () => new Promise((resolve) => write(encodeMessage(pending.add(resolve), RAW_FILLER))),
    close: () => socket.destroy(),
  };
}

export async function rawWsClient(address) {
  const socket = new WebSocket(address);
  await once(socket, 'open');
  const pending = createPending();
  socket.on('message', (data) => pending.settle(data.readUInt32BE(0), data));
  return {
    call: () =>
      new Promise((resolve) => {
        const message = Buffer.allocUnsafe(4 + RAW_FILLER.length);
        message.writeUInt32BE(pending.add(resolve), 0);
        RAW_FILLER.copy(message, 4);
        socket.send(message);
      }),
    close: () => socket.terminate(),
  };
}

export async function rawPortClient(worker) {
  const pending = createPending();
  const onMessage = (message) => pending.settle(message.id, message.payload);
  worker.on('message', onMessage);
  return {
    call: () => new Promise((resolve) => worker.postMessage({ id: pending.add(resolve), payload: RAW_PORT_PAYLOAD })),
    close: () => worker.off('message', onMessage),
  };
}
