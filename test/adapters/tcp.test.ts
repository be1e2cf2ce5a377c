import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { connect, socketTransport } from '../../platforms/entries/node.js';
import { describeTransportContract } from '../contract/index.js';
import { contractServer, setupWith } from './servers.js';

describeTransportContract('TCP (tcp://)', async () => {
  const server = contractServer();
  const address = await server.listen('tcp://127.0.0.1:0');
  return setupWith(() => connect(address), () => server.close());
});

describeTransportContract('TCP (rpcx-style tcp@)', async () => {
  const server = contractServer();
  const address = await server.listen('tcp@127.0.0.1:0');
  return setupWith(() => connect(address), () => server.close());
});

describe('the TCP transport itself', () => {
  test('sendBatch keeps its order with corked send() writes, before and after the uncork', async () => {
    const received: Buffer[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const listener = net.createServer((socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('end', done);
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const socket = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const transport = socketTransport(socket);
    transport.start({ onData: () => undefined, onClose: () => undefined });
    transport.send(Uint8Array.of(1, 2)); // corked until the next tick
    transport.sendBatch!(Uint8Array.of(3, 4));
    transport.send(Uint8Array.of(5));
    await new Promise((resolve) => setImmediate(resolve));
    transport.sendBatch!(Uint8Array.of(6));
    transport.close();
    await finished;
    listener.close();
    expect([...Buffer.concat(received)]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
