// The other half of the Go arpc capture: an isorpc client makes the Go client's calls against a
// hand-driven server that answers with the Go server's captured bytes. Every frame the client writes
// must equal the Go client's (seq aside where it is the client's own choice: isorpc starts at 1, Go
// at 2), its answer to the server's /client/ping byte for byte, and each call must settle with what
// the captured reply says.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { connect, type Call, type RpcError } from '../../platforms/entries/node.js';
import { ArpcCmd, arpcFrameSpec, createHeaderFrameDecoder, decodeArpcBody, decodeArpcFrame } from '../../src/internal.js';
import { readArpcCapture } from '../fixtures/arpc-vectors.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** The frame with its seq zeroed, for comparing frames whose seq is the sender's choice. */
const seqless = (bytes: Uint8Array): string => hex(Uint8Array.from(bytes).fill(0, 8, 16));

test("an isorpc client writes the Go client's bytes and reads the Go server's answers", async () => {
  const frames: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let socket!: net.Socket;
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<void>((resolve) =>
    server.once('connection', (s) => {
      socket = s;
      const decoder = createHeaderFrameDecoder(arpcFrameSpec, 64 << 20);
      s.on('data', (chunk: Buffer) => {
        frames.push(...decoder.decode(chunk).map((frame) => new Uint8Array(frame)));
        wake?.();
      });
      s.on('error', () => undefined);
      server.close();
      resolve();
    }),
  );
  const client = await connect(`arpc://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await accepted;
  const notified: unknown[] = [];
  client.handle('/client/ping', (text: string) => `pong:${text}`);
  client.handle('/client/notify', (text: string) => void notified.push(text));

  async function nextFrame(): Promise<Uint8Array> {
    while (frames.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return frames.shift()!;
  }

  const mib = new Uint8Array(1024 * 1024).fill(0x61);
  const ourSeq = new Map<bigint, bigint>(); // the Go client's seq → isorpc's
  const calls = new Map<bigint, Call>(); // by the Go client's seq
  const answers = new Map<bigint, { flag: number; body: Uint8Array }>();
  for (const line of readArpcCapture()) {
    if (line.direction === 'client→server') {
      const captured = line.totalLength === undefined ? decodeArpcFrame(line.bytes) : undefined;
      const cmd = line.bytes[5]!;
      if (cmd === ArpcCmd.Request) {
        const arg = captured === undefined ? new TextDecoder().decode(mib) : decodeArpcBody(captured.body, 'auto', 64);
        const seq = Buffer.from(line.bytes).readBigUInt64LE(8);
        calls.set(seq, client.go(captured?.method ?? '/echo', arg, captured?.method === '/echo' ? { decode: 'text' } : undefined));
      } else if (cmd === ArpcCmd.Notify) {
        client.notify(captured!.method, decodeArpcBody(captured!.body, 'auto', 64));
      }
      const sent = await nextFrame();
      if (line.totalLength !== undefined) {
        expect(sent.byteLength).toBe(line.totalLength);
        expect(seqless(sent.subarray(0, 16))).toBe(seqless(line.bytes.subarray(0, 16)));
      } else if (cmd === ArpcCmd.Response) {
        expect(hex(sent)).toBe(hex(line.bytes)); // answering the server's own seq: exact
      } else {
        expect(seqless(sent)).toBe(seqless(line.bytes));
      }
      const seq = Buffer.from(sent).readBigUInt64LE(8);
      if (cmd !== ArpcCmd.Response) {
        expect([...ourSeq.values()]).not.toContain(seq);
        ourSeq.set(Buffer.from(line.bytes).readBigUInt64LE(8), seq);
      }
      continue;
    }
    // The server's line: a reply goes back under the seq isorpc used; the server's own calls as captured.
    let bytes = line.totalLength === undefined ? line.bytes : Buffer.concat([line.bytes, Buffer.from('/echo'), mib]);
    if (bytes[5] === ArpcCmd.Response) {
      const goSeq = Buffer.from(bytes).readBigUInt64LE(8);
      bytes = Buffer.from(bytes);
      (bytes as Buffer).writeBigUInt64LE(ourSeq.get(goSeq)!, 8);
      const frame = decodeArpcFrame(line.totalLength === undefined ? line.bytes : bytes);
      answers.set(goSeq, { flag: frame.flag, body: new Uint8Array(frame.body) });
    }
    socket.write(bytes);
  }
  for (const [goSeq, answer] of answers) {
    const done = await calls.get(goSeq)!.done;
    const text = new TextDecoder().decode(answer.body);
    if (answer.flag & 1) {
      expect(done.error?.code).toBe(text === 'method not found' ? 'NOT_FOUND' : 'REMOTE');
      if (text !== 'method not found') expect(done.error?.message).toBe(text);
    } else {
      expect(done.error as RpcError | undefined).toBeUndefined();
      expect(done.reply).toEqual(decodeArpcBody(answer.body, done.method === '/echo' ? 'text' : 'auto', 64));
    }
  }
  expect(answers.size).toBe(12);
  expect(notified).toEqual(['note-from-server']);
  client.close();
  socket.destroy();
});
