// Replays the client side of the Go arpc capture (test/fixtures/wire-vectors/arpc-tcp.hex) against an
// isorpc server on arpc:// and compares each answer with what the Go server sent. The server's own
// calls to the client (/client/ping, /client/notify) carry a seq of the server's choosing: those are
// compared with the seq left out, and the client's captured answer is sent back with the server's seq.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createServer, type Server } from '../../platforms/entries/node.js';
import { ArpcCmd, decodeArpcFrame, encodeArpcFrame, type ArpcFrame } from '../../src/internal.js';
import { readArpcCapture } from '../fixtures/arpc-vectors.js';
import { rawArpcPeer } from '../node/raw-arpc-peer.js';

/** The handlers of the Go program that made the capture, as its README describes them. */
function goLikeServer(): Server {
  const server = createServer();
  let lastNote = '';
  server.handle('/echo', (text: string) => text);
  server.handle('/mul', ({ A, B }: { A: number; B: number }) => ({ C: A * B }));
  server.handle('/error', (text: string) => {
    throw new Error(`arpc handler error: ${text}`);
  });
  server.handle('/callback', async (text: string, ctx) => `callback:${await ctx.peer.call<string>('/client/ping', text)}`);
  server.handle('/notify', (text: string, ctx) => {
    ctx.peer.notify('/client/notify', text);
    return 'notified';
  });
  server.handle('/note', (text: string) => {
    lastNote = text;
  });
  server.handle('/last-note', () => lastNote);
  server.handle('/sleep', async (ms: number) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return ms;
  });
  return server;
}

let server: Server;
let address: string;

beforeAll(async () => {
  server = goLikeServer();
  address = await server.listen('arpc://127.0.0.1:0');
});

afterAll(() => server.close());

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const withoutSeq = (frame: ArpcFrame): object => ({ ...frame, seq: undefined, body: hex(frame.body) });

test("the isorpc server answers the Go client's capture as the Go server did", async () => {
  const peer = await rawArpcPeer(address);
  const serverSeqs = new Map<bigint, bigint>(); // the capture's server seq → the seq isorpc chose
  const mib = new Uint8Array(1024 * 1024).fill(0x61);
  let compared = 0;
  for (const line of readArpcCapture()) {
    if (line.direction === 'client→server') {
      let bytes = line.bytes;
      if (line.totalLength !== undefined) {
        bytes = encodeArpcFrame({ cmd: ArpcCmd.Request, flag: 0, seq: 4n, method: '/echo', body: mib });
      } else if (bytes[5] === ArpcCmd.Response) {
        // The client answers a call of the server: with the seq this server used.
        bytes = bytes.slice();
        const seq = Buffer.from(bytes).readBigUInt64LE(8);
        Buffer.from(bytes.buffer).writeBigUInt64LE(serverSeqs.get(seq)!, 8);
      }
      await peer.write(bytes);
      continue;
    }
    const { frame, bytes } = await peer.next();
    compared++;
    if (line.totalLength !== undefined) {
      expect(hex(bytes.subarray(0, 16))).toBe(hex(line.bytes.subarray(0, 16)));
      expect(bytes.byteLength).toBe(line.totalLength);
      expect(hex(frame.body)).toBe(hex(mib));
    } else if (line.bytes[5] === ArpcCmd.Response) {
      expect(hex(bytes)).toBe(hex(line.bytes));
    } else {
      // A call or notify of the server's own: everything but the seq as captured, the seq new.
      const captured = decodeArpcFrame(line.bytes);
      expect(withoutSeq(frame)).toEqual(withoutSeq(captured));
      expect([...serverSeqs.values()]).not.toContain(frame.seq);
      serverSeqs.set(captured.seq, frame.seq);
    }
  }
  expect(compared).toBe(14);
  // The capture ends before the replies to the last two concurrent calls; they come all the same.
  const tail = [await peer.next(), await peer.next()].map(({ frame }) => [frame.seq, new TextDecoder().decode(frame.body)]);
  expect(tail.sort()).toEqual([
    [15n, '{"C":3003}'],
    [16n, '{"C":3006}'],
  ]);
  peer.destroy();
});
