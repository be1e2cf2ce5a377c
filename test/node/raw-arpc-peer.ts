// A hand-driven arpc peer for the replay and hostile-input tests: over TCP or a WebSocket it writes
// exactly the bytes a test gives it and reads back the frames the other side sends, whole.
import net from 'node:net';
import WebSocket from 'ws';
import { arpcFrameSpec, createHeaderFrameDecoder, decodeArpcFrame, parseAddress, type ArpcFrame } from '../../src/internal.js';

export interface RawArpcPeer {
  /** Writes one chunk (TCP) or sends one binary message (WebSocket); a string goes as a text message. */
  write(data: Uint8Array | string): Promise<void>;
  /** The next frame, with its raw bytes (within 5 s). */
  next(): Promise<{ frame: ArpcFrame; bytes: Uint8Array }>;
  /** Resolves when the other side has closed the connection. */
  readonly closed: Promise<void>;
  destroy(): void;
}

function collector(): { push(chunk: Uint8Array): void; next: RawArpcPeer['next'] } {
  const decoder = createHeaderFrameDecoder(arpcFrameSpec, 64 << 20);
  const frames: Uint8Array[] = [];
  const waiters: Array<() => void> = [];
  return {
    push(chunk) {
      frames.push(...decoder.decode(chunk).map((frame) => new Uint8Array(frame)));
      for (const wake of waiters.splice(0)) wake();
    },
    async next() {
      const until = Date.now() + 5000;
      while (frames.length === 0) {
        if (Date.now() > until) throw new Error('no arpc frame within 5 s');
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), new Promise((resolve) => setTimeout(resolve, 20))]);
      }
      const bytes = frames.shift()!;
      return { frame: decodeArpcFrame(bytes), bytes };
    },
  };
}

/** Dials `arpc://host:port` over raw TCP. */
export async function rawArpcPeer(address: string): Promise<RawArpcPeer> {
  const { host, port } = parseAddress(address);
  const socket = net.connect({ host, port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const frames = collector();
  socket.on('data', (chunk: Buffer) => frames.push(chunk));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    write: (data) => new Promise<void>((resolve) => socket.write(data, () => resolve())),
    next: frames.next,
    closed,
    destroy: () => socket.destroy(),
  };
}

/** Dials `arpc+ws://host:port/path` with a bare `ws` client. */
export async function rawArpcWebSocketPeer(address: string): Promise<RawArpcPeer> {
  const socket = new WebSocket(address.replace(/^arpc\+/, ''));
  await new Promise<void>((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const frames = collector();
  socket.on('message', (data: Buffer) => frames.push(data));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    write: (data) => new Promise<void>((resolve) => socket.send(data, () => resolve())),
    next: frames.next,
    closed,
    destroy: () => socket.terminate(),
  };
}
