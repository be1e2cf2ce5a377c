// The arpc frame against the golden capture from Go's lesismal/arpc: every line decodes to the
// values its README lists and encodes back to the same bytes; plus what the capture cannot show
// (u64 seq past 2³², non-ASCII method lengths, Ping/Pong) and the stream splitter fed every way.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ARPC_HEADER_SIZE,
  ArpcCmd,
  arpcFrameSpec,
  createHeaderFrameDecoder,
  decodeArpcFrame,
  encodeArpcFrame,
  isRpcError,
  type ArpcFrameInit,
} from '../../src/internal.js';
import { EXPECTED_ARPC_FRAMES, readArpcCapture } from '../fixtures/arpc-vectors.js';

const capture = readArpcCapture();
const utf8 = new TextEncoder();
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The whole lines of one direction, as the stream Go wrote. */
const wholeLines = (direction: string): Uint8Array[] => capture.filter((l) => l.direction === direction && l.totalLength === undefined).map((l) => l.bytes);

describe('arpc golden capture (Go lesismal/arpc over TCP)', () => {
  test('has the 30 frames its README lists', () => {
    expect(capture).toHaveLength(EXPECTED_ARPC_FRAMES.length);
  });

  test.each(capture.map((line, i) => [i + 1, line, EXPECTED_ARPC_FRAMES[i]!] as const).filter(([, line]) => line.totalLength === undefined))(
    'line %i decodes to the listed values and encodes back to the same bytes',
    (_n, line, expected) => {
      const frame = decodeArpcFrame(line.bytes);
      expect({ cmd: frame.cmd, flag: frame.flag, seq: frame.seq, method: frame.method, body: new TextDecoder().decode(frame.body) }).toEqual(expected);
      expect(frame.userFlags).toBe(0);
      const init: ArpcFrameInit = { cmd: expected.cmd, flag: expected.flag, seq: expected.seq, method: expected.method, body: utf8.encode(expected.body as string) };
      expect(hex(encodeArpcFrame(init))).toBe(hex(line.bytes));
    },
  );

  test('the 1 MiB lines: the header gives the full length, and a 1 MiB echo encodes to that header', () => {
    const big = capture.filter((line) => line.totalLength !== undefined);
    expect(big).toHaveLength(2);
    for (const [i, line] of big.entries()) {
      expect(arpcFrameSpec.frameLength(line.bytes, line.bytes.byteLength)).toBe(line.totalLength);
      const expected = EXPECTED_ARPC_FRAMES[4 + i]!;
      const encoded = encodeArpcFrame({ cmd: expected.cmd, flag: 0, seq: expected.seq, method: '/echo', body: new Uint8Array(1024 * 1024).fill(0x61) });
      expect(encoded.byteLength).toBe(line.totalLength);
      expect(hex(encoded.subarray(0, ARPC_HEADER_SIZE))).toBe(hex(line.bytes.subarray(0, ARPC_HEADER_SIZE)));
    }
  });

  test.each(['client→server', 'server→client'])('the %s stream splits into the same frames whole, byte by byte, and in random pieces', (direction) => {
    const frames = wholeLines(direction);
    const stream = concat(frames);
    const whole = createHeaderFrameDecoder(arpcFrameSpec, 1 << 20).decode(stream);
    expect(whole.map(hex)).toEqual(frames.map(hex));
    const byByte = createHeaderFrameDecoder(arpcFrameSpec, 1 << 20);
    expect([...stream].flatMap((byte) => byByte.decode(Uint8Array.of(byte))).map(hex)).toEqual(frames.map(hex));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.byteLength }), { maxLength: 20 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const decoder = createHeaderFrameDecoder(arpcFrameSpec, 1 << 20);
        const out: Uint8Array[] = [];
        let from = 0;
        for (const point of [...points, stream.byteLength]) {
          out.push(...decoder.decode(stream.subarray(from, point)));
          from = point;
        }
        expect(out.map(hex)).toEqual(frames.map(hex));
      }),
      { numRuns: 200 },
    );
  });
});

describe('arpc frame beyond the capture', () => {
  test('seq is a full u64: 256, 65 536, 2³², 2⁵³+1 and 2⁶⁴−1 survive, none wrapped into low bits', () => {
    for (const seq of [256n, 65_536n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n]) {
      const bytes = encodeArpcFrame({ cmd: ArpcCmd.Request, flag: 0, seq, method: '/m', body: new Uint8Array(0) });
      expect(decodeArpcFrame(bytes).seq).toBe(seq);
      expect(Buffer.from(bytes).readBigUInt64LE(8)).toBe(seq);
    }
  });

  test('a non-ASCII method name is counted in UTF-8 bytes, in the header and the body length', () => {
    const method = '/café/日本';
    const bytes = encodeArpcFrame({ cmd: ArpcCmd.Request, flag: 0, seq: 1n, method, body: utf8.encode('x') });
    expect(bytes[7]).toBe(utf8.encode(method).byteLength);
    expect(Buffer.from(bytes).readUInt32LE(0)).toBe(utf8.encode(method).byteLength + 1);
    expect(decodeArpcFrame(bytes).method).toBe(method);
  });

  test('Ping and Pong are bare 16-byte headers with seq 0', () => {
    const ping = encodeArpcFrame({ cmd: ArpcCmd.Ping, flag: 0, seq: 0n, method: '', body: new Uint8Array(0) });
    expect(hex(ping)).toBe('00000000000400000000000000000000');
    expect(decodeArpcFrame(ping)).toMatchObject({ cmd: ArpcCmd.Ping, method: '', seq: 0n });
  });

  test('the encoder refuses a method over 127 bytes or an empty one, with BAD_REQUEST', () => {
    for (const method of ['/' + 'é'.repeat(64), '']) {
      let thrown: unknown;
      try {
        encodeArpcFrame({ cmd: ArpcCmd.Request, flag: 0, seq: 1n, method, body: new Uint8Array(0) });
      } catch (error) {
        thrown = error;
      }
      expect(isRpcError(thrown) && thrown.code).toBe('BAD_REQUEST');
    }
  });

  const header = (bodyLen: number, cmd: number, methodLen: number): Uint8Array => {
    const bytes = new Uint8Array(ARPC_HEADER_SIZE + Math.min(bodyLen, 64));
    new DataView(bytes.buffer).setUint32(0, bodyLen, true);
    bytes[5] = cmd;
    bytes[7] = methodLen;
    return bytes;
  };

  test.each([
    ['an unknown command (0)', header(4, 0, 2), 'PROTOCOL', /unknown command 0/],
    ['an unknown command (7)', header(4, 7, 2), 'PROTOCOL', /unknown command 7/],
    ['method length 0 on a Request', header(4, 1, 0), 'PROTOCOL', /without a method/],
    ['method length 128', header(200, 1, 128), 'PROTOCOL', /method length 128 is over 127/],
    ['a method longer than the body', header(3, 1, 5), 'PROTOCOL', /longer than the 3 bytes/],
    ['a length over the limit', header(0xffffff00, 1, 2), 'FRAME_TOO_LARGE', /over the limit of 4096 bytes/],
  ])('the splitter refuses %s on the header alone', (_name, bytes, code, message) => {
    let thrown: unknown;
    try {
      createHeaderFrameDecoder(arpcFrameSpec, 4096).decode(bytes.subarray(0, ARPC_HEADER_SIZE));
    } catch (error) {
      thrown = error;
    }
    expect(isRpcError(thrown) && thrown.code).toBe(code);
    expect((thrown as Error).message).toMatch(message);
  });

  test('a method that is not UTF-8 is PROTOCOL', () => {
    const bytes = encodeArpcFrame({ cmd: ArpcCmd.Request, flag: 0, seq: 1n, method: '/ab', body: new Uint8Array(0) });
    bytes[17] = 0xff;
    expect(() => decodeArpcFrame(bytes)).toThrow(/not UTF-8/);
  });

  test('fuzz: any frame round-trips through encode, random splits and decode', () => {
    const frameArb = fc.record({
      cmd: fc.constantFrom(ArpcCmd.Request, ArpcCmd.Response, ArpcCmd.Notify),
      flag: fc.integer({ min: 0, max: 255 }),
      userFlags: fc.integer({ min: 0, max: 255 }),
      seq: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      method: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
      body: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 50 }), (inits, piece) => {
        const stream = concat(inits.map((init) => encodeArpcFrame(init)));
        const decoder = createHeaderFrameDecoder(arpcFrameSpec, 1 << 16);
        const frames: Uint8Array[] = [];
        for (let at = 0; at < stream.byteLength; at += piece) frames.push(...decoder.decode(stream.subarray(at, at + piece)));
        expect(frames.map((bytes) => decodeArpcFrame(bytes))).toEqual(inits.map((init) => ({ ...init, body: init.body })));
      }),
      { numRuns: 300 },
    );
  });

  test('fuzz: random bytes either decode to frames or fail with a PROTOCOL or FRAME_TOO_LARGE RpcError, never anything else', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const decoder = createHeaderFrameDecoder(arpcFrameSpec, 1024);
        try {
          for (const chunk of chunks) for (const frame of decoder.decode(chunk)) decodeArpcFrame(frame);
        } catch (error) {
          expect(isRpcError(error) && ['PROTOCOL', 'FRAME_TOO_LARGE'].includes(error.code)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
