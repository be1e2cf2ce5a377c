// Worker entry for the raw baselines: a trivial echo dispatcher per transport, in its own thread so
// client and server each get a core. workerData.transport: 'tcp' | 'ws' | 'ws-coalesced' | 'port'.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { coalescingSender, forEachInBatch } from './coalescer.mjs';
import { corkedWriter } from './corked-writer.mjs';
import { createDecoder } from './length-prefix.mjs';

const HOST = '127.0.0.1';

function listenTcp() {
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => undefined);
    const write = corkedWriter(socket);
    // Decode each framed request, read its id, write a freshly built reply (batched per tick, as isorpc does).
    socket.on(
      'data',
      createDecoder((buf, start, end) => {
        const id = buf.readUInt32BE(start);
        const reply = Buffer.allocUnsafe(4 + end - start);
        reply.writeUInt32BE(end - start, 0);
        reply.writeUInt32BE(id, 4);
        buf.copy(reply, 8, start + 4, end);
        write(reply);
      }),
    );
  });
  server.listen(0, HOST, () => parentPort.postMessage({ address: `${HOST}:${server.address().port}` }));
}

function listenWs() {
  const server = new WebSocketServer({ host: HOST, port: 0 });
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      // Same dispatcher as TCP: read the id, copy it and the payload into a new reply.
      const reply = Buffer.allocUnsafe(data.length);
      reply.writeUInt32BE(data.readUInt32BE(0), 0);
      data.copy(reply, 4, 4);
      socket.send(reply);
    });
  });
  server.on('listening', () => parentPort.postMessage({ address: `ws://${HOST}:${server.address().port}` }));
}

/** Batches in, batches out: each request of a batch is echoed, replies of one tick in one message. */
function listenWsCoalesced() {
  const server = new WebSocketServer({ host: HOST, port: 0 });
  server.on('connection', (socket) => {
    const send = coalescingSender(socket);
    socket.on('message', (data) =>
      forEachInBatch(data, (buf, start, end) => {
        const reply = Buffer.allocUnsafe(end - start);
        reply.writeUInt32BE(buf.readUInt32BE(start), 0);
        buf.copy(reply, 4, start + 4, end);
        send(reply);
      }),
    );
  });
  server.on('listening', () => parentPort.postMessage({ address: `ws://${HOST}:${server.address().port}` }));
}

function servePort() {
  parentPort.on('message', (message) => parentPort.postMessage({ id: message.id, payload: message.payload }));
  parentPort.postMessage({ address: 'port' });
}

({ tcp: listenTcp, ws: listenWs, 'ws-coalesced': listenWsCoalesced, port: servePort })[workerData.transport]();
