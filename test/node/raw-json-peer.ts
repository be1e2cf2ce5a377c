// A hand-driven TCP peer for the JSON protocols' hostile-input tests: writes exactly the text or
// bytes a test gives it and reads back the newline-terminated JSON values the server sends.
import net from 'node:net';
import { parseAddress } from '../../src/internal.js';

export interface RawJsonPeer {
  write(data: string | Uint8Array): void;
  /** Resolves with the next JSON value the server sent (within 5 s). */
  next(): Promise<unknown>;
  /** Resolves when the server has closed the connection. */
  readonly closed: Promise<void>;
  destroy(): void;
}

export async function rawJsonPeer(address: string): Promise<RawJsonPeer> {
  const { host, port } = parseAddress(address);
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const values: unknown[] = [];
  const waiters: Array<() => void> = [];
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      values.push(JSON.parse(buffered.slice(0, end)));
      buffered = buffered.slice(end + 1);
    }
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    write: (data) => void socket.write(data),
    async next() {
      const until = Date.now() + 5000;
      while (values.length === 0) {
        if (Date.now() > until) throw new Error('no JSON value from the server within 5 s');
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), new Promise((resolve) => setTimeout(resolve, 20))]);
      }
      return values.shift();
    },
    closed,
    destroy: () => socket.destroy(),
  };
}
