// A hand-driven TCP peer for hostile-input tests: writes exactly the bytes a test gives it and
// decodes whatever frames the server sends back.
import net from 'node:net';
import {
  FrameType,
  createLengthPrefixDecoder,
  createMsgpackCodec,
  isorpcProtocol,
  parseAddress,
  type Frame,
} from '../../src/internal.js';

const msgpack = createMsgpackCodec();

export interface RawPeer {
  write(bytes: Uint8Array): void;
  /** Frames received so far, bodies decoded with msgpack. */
  readonly frames: Array<Frame & { value: unknown }>;
  /** Resolves when the server has closed the connection. */
  readonly closed: Promise<void>;
  /** Resolves with the first received frame of `type` (and `seq`, if given). */
  next(type: number, seq?: number): Promise<Frame & { value: unknown }>;
  destroy(): void;
}

/** Encodes a frame for a byte stream, with an msgpack body. */
export function streamFrame(frame: Omit<Partial<Frame>, 'type'> & { type: number }, body?: unknown): Uint8Array {
  const full: Frame = { flags: 0, seq: 0, method: '', metadata: undefined, timeout: 0, codec: 1, body: undefined, ...frame } as Frame;
  const encoded = body === undefined ? undefined : msgpack.encode(body).slice();
  return isorpcProtocol.encodeFrame(full, encoded, true);
}

export function helloFrame(): Uint8Array {
  return streamFrame({ type: FrameType.Hello }, { version: 1, maxFrameSize: 1 << 24 });
}

export async function rawTcpPeer(address: string): Promise<RawPeer> {
  const { host, port } = parseAddress(address);
  const socket = net.connect({ host, port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const decoder = createLengthPrefixDecoder(1 << 24);
  const frames: Array<Frame & { value: unknown }> = [];
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk) => {
    for (const message of decoder.decode(chunk)) {
      const frame = isorpcProtocol.decodeFrame(message);
      frames.push({ ...frame, value: frame.body === undefined ? undefined : msgpack.decode(frame.body as Uint8Array) });
    }
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    write: (bytes) => socket.write(bytes),
    frames,
    closed,
    async next(type, seq) {
      for (let waited = 0; waited < 5000; waited += 10) {
        const found = frames.find((frame) => frame.type === type && (seq === undefined || frame.seq === seq));
        if (found) return found;
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), new Promise((resolve) => setTimeout(resolve, 10))]);
      }
      throw new Error(`no frame of type ${type} within 5 s (got types ${frames.map((f) => f.type).join(',')})`);
    },
    destroy: () => socket.destroy(),
  };
}
