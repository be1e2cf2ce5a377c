// rpcx against its golden bytes (recorded between real rpcx v1.9.1 Go programs): the decoder reads
// every line to the values the capture's README lists, the encoder given those values writes the same
// bytes, and the client side of the capture replayed against an isorpc server is answered as Go did.
import net from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, decodeRpcxMessage, encodeRpcxMessage, type RpcxMessage, type Server } from '../../platforms/entries/node.js';
import { createHeaderFrameDecoder } from '../../src/framing/header-frame-decoder.js';
import { rpcxFrameSpec } from '../../src/protocols/rpcx/message.js';
import { RpcxPayloads } from '../../src/protocols/rpcx/payloads.js';
import { EXPECTED, NON_ASCII, readCapture, type Expected } from './rpcx-vectors.js';

const capture = readCapture();
const payloads = new RpcxPayloads({}, 64);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function payloadOf(expected: Expected): Uint8Array {
  if (expected.payloadHex !== undefined) return Uint8Array.from(Buffer.from(expected.payloadHex, 'hex'));
  return expected.value === undefined ? new Uint8Array(0) : payloads.encode(expected.serializeType, expected.value);
}

function messageOf(expected: Expected): RpcxMessage {
  return {
    response: expected.response ?? false,
    heartbeat: expected.heartbeat ?? false,
    oneway: expected.oneway ?? false,
    compressType: expected.compressType ?? 0,
    error: expected.error ?? false,
    serializeType: expected.serializeType,
    seq: BigInt(expected.seq),
    servicePath: expected.servicePath,
    serviceMethod: expected.serviceMethod,
    metadata: expected.metadata ?? {},
    payload: payloadOf(expected),
  };
}

/** The fields of a decoded message a test compares, payload decoded. */
function valuesOf(message: RpcxMessage): Record<string, unknown> {
  const { payload, ...header } = message;
  const value = message.heartbeat || message.serializeType === 0 ? hex(payload) : payloads.decode(message.serializeType, payload);
  return { ...header, value };
}

test('the capture has the 32 messages its README lists', () => {
  expect(capture).toHaveLength(EXPECTED.length);
  expect(capture.map((line) => line.from)).toEqual(EXPECTED.map((expected) => (expected.response || (expected.oneway && expected.serializeType === 0) ? 'server' : 'client')));
});

describe.each(capture.map((line, index) => [index, line, EXPECTED[index]!] as const))('line %i', (index, line, expected) => {
  test(`decodes to the listed values and encodes back to the same bytes (seq ${expected.seq})`, () => {
    if (line.truncated) {
      // Only the header was kept: check it against an encoding of the listed header fields.
      const header = { ...messageOf(expected), payload: new Uint8Array(line.totalLength - 16 - 4 * 4 - 5 - 4) };
      expect(hex(encodeRpcxMessage(header).subarray(0, 16))).toBe(hex(line.bytes));
      return;
    }
    const decoded = decodeRpcxMessage(line.bytes);
    const want = messageOf(expected);
    expect(valuesOf(decoded)).toEqual(valuesOf(want));
    expect(Object.keys(decoded.metadata)).toEqual(Object.keys(want.metadata)); // wire order kept
    expect(hex(encodeRpcxMessage(decoded))).toBe(hex(line.bytes));
    expect(hex(encodeRpcxMessage(want))).toBe(hex(line.bytes));
  });
});

describe('replaying the client side against an isorpc server', () => {
  let server: Server;
  let address: { host: string; port: number };
  let lastNote = '';

  beforeAll(async () => {
    server = createServer();
    server.register('Arith', {
      Mul: ({ A, B }: { A: number; B: number }) => ({ C: A * B }),
      Echo: (value: unknown) => value,
      Error: ({ A }: { A: number }) => {
        throw new Error(`rpcx handler error: ${A}`);
      },
      Note: (note: string) => {
        lastNote = note;
      },
      LastNote: () => lastNote,
      Sleep: async (arg: { Ms: number }) => {
        await new Promise((resolve) => setTimeout(resolve, arg.Ms));
        return arg;
      },
    });
    server.handle('Arith.Meta', (_arg, ctx) => {
      ctx.setResponseMetadata({ 'x-reply': 'yes', ...ctx.metadata });
      return ctx.metadata;
    });
    server.handle('Arith.Push', (_arg, ctx) => {
      ctx.peer.notify('Notice.Hello', new TextEncoder().encode('hi'), { metadata: { from: 'rpcx' } });
      return 'pushed';
    });
    const bound = new URL(await server.listen('rpcx://127.0.0.1:0'));
    address = { host: bound.hostname, port: Number(bound.port) };
  });
  afterAll(() => server.close());

  test('every answer matches the capture, the push arrives first, and Mul overtakes Sleep', async () => {
    const big = 'x'.repeat(1 << 20);
    const gzipRequest = encodeRpcxMessage({ ...messageOf(EXPECTED[8]!), payload: zlib.gzipSync(JSON.stringify(big)) });
    // Every client message in one write: the server must split them itself.
    const requests = capture.map((line) => (line.from === 'client' ? (line.truncated ? gzipRequest : line.bytes) : undefined)).filter((bytes) => bytes !== undefined);
    const socket = net.connect(address.port, address.host);
    const decoder = createHeaderFrameDecoder(rpcxFrameSpec, 64 << 20);
    const answers: Uint8Array[] = [];
    const wanted = capture.filter((line) => line.from === 'server').length;
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk) => {
        answers.push(...decoder.decode(chunk).map((frame) => new Uint8Array(frame)));
        if (answers.length >= wanted) resolve();
      });
      socket.on('error', reject);
      socket.write(Buffer.concat(requests));
    });
    socket.destroy();
    const decoded = answers.map((bytes) => decodeRpcxMessage(bytes));
    const key = (message: { response: boolean; seq: bigint }): string => `${message.response ? 'reply' : 'push'} ${message.seq}`;
    const ours = new Map(decoded.map((message, index) => [key(message), { message, bytes: answers[index]! }]));
    expect(ours.size).toBe(wanted);

    capture.forEach((line, index) => {
      if (line.from !== 'server') return;
      const expected = EXPECTED[index]!;
      const mine = ours.get(key(messageOf(expected)));
      expect(mine, `an answer for line ${index}`).toBeDefined();
      const { message, bytes } = mine!;
      if (line.truncated) {
        // The 1 MiB echo: same header fields (gzip reply to a gzip request), and the value comes back.
        expect(hex(bytes.subarray(0, 12))).toBe(hex(line.bytes.subarray(0, 12)));
        expect(JSON.parse(zlib.gunzipSync(message.payload).toString())).toBe(big);
      } else if (expected.seq === 5 && expected.error) {
        // Go also encodes the zero reply ({"C":0}) after an error; rpcx clients ignore it, isorpc sends none.
        expect({ ...message, payload: undefined }).toEqual({ ...decodeRpcxMessage(line.bytes), payload: undefined });
        expect(message.payload.byteLength).toBe(0);
      } else if (expected.seq === 8) {
        // Go writes response metadata in map order (random): the same pairs, maybe reordered.
        expect(message).toEqual(decodeRpcxMessage(line.bytes));
      } else if (expected.seq === 11) {
        // Go serves each request in its own goroutine, so its LastNote ran before Note: "". isorpc
        // dispatches messages of one read in order, so the note is there.
        expect(valuesOf(message).value).toBe('note-1');
      } else {
        expect(hex(bytes), `line ${index}`).toBe(hex(line.bytes));
      }
    });
    expect(decoded.findIndex((message) => message.seq === 15n)).toBeLessThan(decoded.findIndex((message) => message.seq === 14n));
    expect(decoded.findIndex((message) => !message.response)).toBeLessThan(decoded.findIndex((message) => message.response && message.seq === 13n));
    expect(NON_ASCII).toBe(valuesOf(ours.get('reply 2')!.message).value);
  });
});
