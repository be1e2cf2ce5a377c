// The coalesced WebSocket message format (docs/PROTOCOL.md, "Coalescing"): frames joined with their
// length prefixes split back into the same frames, and every damaged message is refused with a code.
import { describe, expect, test } from 'vitest';
import { FrameType, isorpcProtocol, type Frame } from '../../src/internal.js';
import { isBatch, joinBatch, splitBatch } from '../../src/isorpc/frame-batch.js';

function frame(seq: number, body?: Uint8Array): Frame {
  return { type: FrameType.Request, flags: 0, seq, method: 'Echo.say', metadata: seq % 2 ? { k: `v${seq}` } : undefined, timeout: 0, codec: 1, body };
}

function batchOf(frames: Frame[]): Uint8Array {
  const prefixed = frames.map((f) => isorpcProtocol.encodeFrame(f, f.body as Uint8Array | undefined, true).slice());
  return joinBatch(prefixed, 2 + prefixed.reduce((sum, bytes) => sum + bytes.byteLength, 0));
}

describe('coalesced messages', () => {
  test('frames joined into one message split back into the same frames, as views', () => {
    const frames = Array.from({ length: 40 }, (_, i) => frame(i + 1, i % 3 ? new Uint8Array(i).fill(i) : undefined));
    const message = batchOf(frames);
    expect(isBatch(message)).toBe(true);
    const parts = splitBatch(message, 1 << 20);
    expect(parts).toHaveLength(40);
    expect(parts[0]!.buffer).toBe(message.buffer);
    const decoded = parts.map((part) => isorpcProtocol.decodeFrame(part));
    expect(decoded.map((f) => f.seq)).toEqual(frames.map((f) => f.seq));
    expect(decoded.map((f) => f.metadata)).toEqual(frames.map((f) => f.metadata));
    expect(decoded.map((f) => (f.body === undefined ? undefined : [...(f.body as Uint8Array)]))).toEqual(frames.map((f) => (f.body === undefined ? undefined : [...(f.body as Uint8Array)])));
  });

  test('a single frame is never taken for a coalesced message (its magic is IR, not IB)', () => {
    const single = isorpcProtocol.encodeFrame(frame(7), undefined, false);
    expect(isBatch(single)).toBe(false);
  });

  test('a message cut at any byte is refused with PROTOCOL, never read past its end', () => {
    const message = batchOf([frame(1, new Uint8Array(9)), frame(2), frame(3, new Uint8Array(3))]);
    const ends = new Set<number>();
    for (const part of splitBatch(message, 1 << 20)) ends.add(part.byteOffset + part.byteLength);
    for (let cut = 2; cut < message.byteLength; cut++) {
      const truncated = message.subarray(0, cut);
      if (ends.has(cut)) {
        expect(splitBatch(truncated, 1 << 20).length).toBeGreaterThan(0);
        continue;
      }
      expect(() => splitBatch(truncated, 1 << 20)).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
    }
  });

  test('an empty run or a message with no frame is PROTOCOL; a frame over the limit is FRAME_TOO_LARGE before it is read', () => {
    expect(() => splitBatch(new Uint8Array([0x49, 0x42]), 1024)).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
    expect(() => splitBatch(new Uint8Array([0x49, 0x42, 0, 0, 0, 0]), 1024)).toThrow(expect.objectContaining({ code: 'PROTOCOL' }));
    expect(() => splitBatch(new Uint8Array([0x49, 0x42, 0xff, 0xff, 0xff, 0xff, 1]), 1024)).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
  });
});
