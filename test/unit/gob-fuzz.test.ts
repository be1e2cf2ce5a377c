// Property-based fuzzing of the gob reader, as test/unit/frame-fuzz.test.ts does for isorpc frames:
// arbitrary bytes and mutated valid streams never throw anything but an RpcError and always return;
// and values that inference can describe come back as they went.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { gob, isRpcError } from '../../platforms/entries/node.js';
import { GobEncoder } from '../../src/protocols/gob/gob-encoder.js';
import { GobRpcStream } from '../../src/protocols/gob/gob-rpc-stream.js';
import { REQUEST_TYPE } from '../../src/protocols/gob/rpc-messages.js';

const CAP = 4096;

/** Feeds `chunks` to a fresh reader; returns how it ended. */
function readAll(chunks: Uint8Array[]): { calls: number; error?: unknown } {
  const stream = new GobRpcStream(CAP, 16);
  let calls = 0;
  try {
    for (const chunk of chunks) calls += stream.read(chunk).length;
  } catch (error) {
    return { calls, error };
  }
  return { calls };
}

/** Splits `bytes` at the given cut points (mod its length). */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.byteLength + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const point of [...points, bytes.byteLength]) {
    chunks.push(bytes.subarray(at, point));
    at = point;
  }
  return chunks;
}

const body = fc.oneof(
  fc.record({ A: fc.integer(), B: fc.integer() }),
  fc.string({ maxLength: 30 }),
  fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 8 }),
  fc.record({ Name: fc.string({ maxLength: 10 }), Tags: fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 4 }), Inner: fc.record({ X: fc.integer(), Ok: fc.boolean() }) }),
);

/** A valid client stream: a few calls, each header and body with their type definitions. */
const validStream = fc.array(body, { minLength: 1, maxLength: 4 }).map((bodies) => {
  const encoder = new GobEncoder({ maxDepth: 16, maxTypes: 64, maxFrameSize: CAP });
  const parts = bodies.map((value, seq) => encoder.encode([[{ ServiceMethod: 'Svc.Method', Seq: seq }, REQUEST_TYPE], [value]]));
  return Uint8Array.from(parts.flatMap((part) => [...part]));
});

describe('gob reader fuzz', () => {
  test('arbitrary bytes in arbitrary chunks: only RpcErrors, always returns', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const { error } = readAll(split(bytes, cuts));
        if (error !== undefined) expect(isRpcError(error), String(error)).toBe(true);
      }),
      { numRuns: 800 },
    );
  });

  test('valid streams with bytes flipped: only RpcErrors, always returns', () => {
    fc.assert(
      fc.property(validStream, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }), (stream, flips, cuts) => {
        const mutated = stream.slice();
        for (const [at, value] of flips) mutated[at % mutated.byteLength] = value;
        const { error } = readAll(split(mutated, cuts));
        if (error !== undefined) expect(isRpcError(error), String(error)).toBe(true);
      }),
      { numRuns: 800 },
    );
  });

  test('valid streams, however they are cut, read back every call with its body', () => {
    fc.assert(
      fc.property(fc.array(body, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), (bodies, cuts) => {
        const encoder = new GobEncoder({ maxDepth: 16, maxTypes: 64, maxFrameSize: CAP });
        const bytes = Uint8Array.from(bodies.flatMap((value, seq) => [...encoder.encode([[{ ServiceMethod: 'Svc.Method', Seq: seq }, REQUEST_TYPE], [value]])]));
        const stream = new GobRpcStream(CAP, 16);
        const calls = split(bytes, cuts).flatMap((chunk) => stream.read(chunk));
        // Whole doubles in a float64 slice come back as numbers equal to what went; -0 as -0.
        expect(calls.map((call) => (call.body.ok ? call.body.value : call.body.error))).toEqual(bodies);
      }),
      { numRuns: 500 },
    );
  });

  test('explicit types survive whole numbers in float fields and unsigned 64-bit values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 5 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (floats, unsigned) => {
        const type = gob.struct('T', { F: gob.slice(gob.float), U: gob.uint });
        const encoder = new GobEncoder({ maxDepth: 16, maxTypes: 64, maxFrameSize: CAP });
        const stream = new GobRpcStream(CAP, 16);
        const [call] = stream.read(encoder.encode([[{ ServiceMethod: 'S.M', Seq: 1 }, REQUEST_TYPE], [{ F: floats, U: unsigned }, type]]));
        const back = (call!.body as { value: { F: number[]; U: number | bigint } }).value;
        expect(back.F).toEqual(floats);
        expect(BigInt(back.U)).toBe(unsigned);
      }),
      { numRuns: 300 },
    );
  });
});
