// Coalescing from inside Chromium: the browser's WebSocket negotiates it with the Node server, sends
// a tick's calls in fewer messages than calls (starting 'I' 'B'), and splits the coalesced replies.
import { expect, inject, test } from 'vitest';
import { openClient } from '../../src/internal.js';
import { webSocketTransport, type WebSocketLike } from '../../platforms/websocket/websocket.js';

test('256 calls in one tick leave Chromium in fewer messages, and coalesced replies split back into every reply', async () => {
  const socket = new WebSocket(inject('wsAddress'));
  socket.binaryType = 'arraybuffer';
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  const sent: Uint8Array[] = [];
  const send = socket.send.bind(socket);
  socket.send = (data: Uint8Array | string | ArrayBufferLike | Blob | ArrayBufferView) => {
    sent.push(new Uint8Array((data as Uint8Array).slice()));
    send(data);
  };
  let received = 0;
  socket.addEventListener('message', () => void received++);
  const client = await openClient(webSocketTransport(socket as unknown as WebSocketLike));
  try {
    const sentBefore = sent.length;
    const receivedBefore = received;
    const sums = await Promise.all(Array.from({ length: 256 }, (_, i) => client.call('Contract.add', { a: i, b: 1 })));
    expect(sums).toEqual(Array.from({ length: 256 }, (_, i) => i + 1));
    const calls = sent.slice(sentBefore);
    expect(calls.length).toBeLessThan(256);
    expect(calls.some((message) => message[0] === 0x49 && message[1] === 0x42)).toBe(true);
    expect(received - receivedBefore).toBeLessThan(256);
  } finally {
    client.close();
  }
});
