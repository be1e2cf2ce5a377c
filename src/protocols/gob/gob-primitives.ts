import { RpcError } from '../../errors.js';
import { decodeUtf8, encodeUtf8 } from '../../codec/utf8.js';
import type { FrameHeaderSpec } from '../../framing/header-frame-decoder.js';

/**
 * gob's number encodings (encoding/gob package documentation): an unsigned integer below 128 is one
 * byte; a larger one is its byte count, negated, then its bytes big-endian with no leading zeros. A
 * signed integer is folded into an unsigned one (sign in bit 0). A float64 is its IEEE bits with the
 * bytes reversed (so whole numbers, whose low mantissa bytes are zero, stay short), sent as unsigned.
 */

const TWO_32 = 2 ** 32;
const float = /* @__PURE__ */ new DataView(/* @__PURE__ */ new ArrayBuffer(8));

/** A growable byte buffer that writes gob's primitives. */
export class GobWriter {
  private buffer = new Uint8Array(64);
  length = 0;

  private room(extra: number): void {
    if (this.length + extra <= this.buffer.byteLength) return;
    const next = new Uint8Array(Math.max(this.buffer.byteLength * 2, this.length + extra));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.length++] = value;
  }

  raw(bytes: Uint8Array): void {
    this.room(bytes.byteLength);
    this.buffer.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  uint(value: number | bigint): void {
    if (typeof value === 'number' && value < 128) return this.byte(value);
    let big = BigInt(value);
    const bytes: number[] = [];
    while (big > 0n) {
      bytes.unshift(Number(big & 0xffn));
      big >>= 8n;
    }
    this.byte(256 - bytes.length);
    for (const b of bytes) this.byte(b);
  }

  int(value: number | bigint): void {
    if (typeof value === 'number' && Math.abs(value) < TWO_32) this.uint(value < 0 ? -2 * value - 1 : 2 * value);
    else {
      const big = BigInt(value);
      this.uint(big < 0n ? (-big - 1n) * 2n + 1n : big * 2n);
    }
  }

  float(value: number): void {
    float.setFloat64(0, value);
    // The reversed bytes, most significant first: float byte 7 down to byte 0.
    let first = 7;
    while (first >= 0 && float.getUint8(first) === 0) first--;
    if (first < 0) return this.byte(0);
    if (first === 0 && float.getUint8(0) < 128) return this.byte(float.getUint8(0));
    this.byte(256 - (first + 1));
    for (let i = first; i >= 0; i--) this.byte(float.getUint8(i));
  }

  bytes(value: Uint8Array): void {
    this.uint(value.byteLength);
    this.raw(value);
  }

  string(value: string): void {
    this.bytes(encodeUtf8(value));
  }

  /** The bytes written so far (a copy-free view). */
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** Reads gob's primitives from one message, refusing to read past its end. */
export class GobReader {
  offset = 0;
  /** `joins`: offsets where one message of a value that spans messages ends and the next begins. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly joins: readonly number[] = [],
  ) {}

  /** True where the next message of a value that spans messages begins. */
  get atJoin(): boolean {
    return this.joins.includes(this.offset);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  private need(count: number, what: string): void {
    if (count > this.remaining) throw new RpcError('BAD_REQUEST', `gob: the message ends inside ${what} (needs ${count} more bytes, has ${this.remaining}); the stream is truncated or corrupt`);
  }

  /** An unsigned integer: a number when it is a safe integer, a bigint otherwise. */
  uint(): number | bigint {
    this.need(1, 'an integer');
    const first = this.bytes[this.offset++]!;
    if (first < 128) return first;
    const count = 256 - first;
    if (count > 8) throw new RpcError('BAD_REQUEST', `gob: an integer claims ${count} bytes; at most 8 are possible, so the stream is corrupt`);
    this.need(count, 'an integer');
    let value = 0;
    if (count <= 6) {
      for (let i = 0; i < count; i++) value = value * 256 + this.bytes[this.offset++]!;
      return value;
    }
    let big = 0n;
    for (let i = 0; i < count; i++) big = (big << 8n) | BigInt(this.bytes[this.offset++]!);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }

  int(): number | bigint {
    const folded = this.uint();
    if (typeof folded === 'number') return folded % 2 === 0 ? folded / 2 : -(folded - 1) / 2 - 1;
    const value = folded & 1n ? -(folded >> 1n) - 1n : folded >> 1n;
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }

  /** An unsigned count no larger than `limit` (and never more than the bytes left when `perItem` is set). */
  count(what: string, limit: number, perItem = 0): number {
    const value = this.uint();
    if (typeof value !== 'number' || value > limit) {
      throw new RpcError('BAD_REQUEST', `gob: ${what} of ${String(value)} is over the limit of ${limit}; raise the limit only if the peer is trusted`);
    }
    if (perItem > 0 && value * perItem > this.remaining) {
      throw new RpcError('BAD_REQUEST', `gob: ${what} of ${value} cannot fit in the ${this.remaining} bytes left of the message; the stream is corrupt`);
    }
    return value;
  }

  /** A signed integer that must be a safe JavaScript number (type ids, array lengths). */
  smallInt(what: string): number {
    const value = this.int();
    if (typeof value !== 'number') throw new RpcError('BAD_REQUEST', `gob: ${what} ${String(value)} is out of range`);
    return value;
  }

  float(): number {
    this.need(1, 'a float');
    const first = this.bytes[this.offset++]!;
    float.setFloat64(0, 0);
    if (first < 128) {
      float.setUint8(0, first);
      return float.getFloat64(0);
    }
    const count = 256 - first;
    if (count > 8) throw new RpcError('BAD_REQUEST', `gob: a float claims ${count} bytes; at most 8 are possible, so the stream is corrupt`);
    this.need(count, 'a float');
    for (let i = count - 1; i >= 0; i--) float.setUint8(i, this.bytes[this.offset++]!);
    return float.getFloat64(0);
  }

  bytesOf(limit: number): Uint8Array {
    const length = this.count('a byte length', limit, 1);
    const view = new Uint8Array(this.bytes.subarray(this.offset, this.offset + length)); // a copy, and never a Buffer
    this.offset += length;
    return view;
  }

  string(limit: number): string {
    const length = this.count('a string length', limit, 1);
    const start = this.offset;
    this.offset += length;
    try {
      return decodeUtf8(this.bytes, start, start + length);
    } catch {
      throw new RpcError('BAD_REQUEST', 'gob: a string is not valid UTF-8; send text that is not UTF-8 as []byte');
    }
  }

  skip(count: number): void {
    this.need(count, 'a value');
    this.offset += count;
  }
}

/**
 * The frame spec for `createHeaderFrameDecoder`: each gob message on a stream is preceded by its byte
 * count as a gob unsigned integer (1 to 9 bytes).
 */
export const gobFrameSpec: FrameHeaderSpec = {
  maxHeaderBytes: 9,
  frameLength(bytes, available) {
    const first = bytes[0]!;
    if (first < 128) {
      if (first === 0) throw new RpcError('PROTOCOL', 'gob: a message of 0 bytes; the stream is corrupt');
      return 1 + first;
    }
    const count = 256 - first;
    if (count > 8) throw new RpcError('PROTOCOL', `gob: a message length claims ${count} bytes; at most 8 are possible, so this is not a gob stream`);
    if (available < 1 + count) return undefined;
    let length = 0;
    for (let i = 1; i <= count; i++) length = length * 256 + bytes[i]!;
    return 1 + count + length;
  },
};

/** Writes `message` with its gob byte count in front, as gob puts messages on a stream. */
export function frameGobMessage(message: Uint8Array, out: GobWriter): void {
  out.uint(message.byteLength);
  out.raw(message);
}

/** A framed message's body: the frame with its leading byte count removed. */
export function messageBody(frame: Uint8Array): Uint8Array {
  return frame.subarray(frame[0]! < 128 ? 1 : 1 + 256 - frame[0]!);
}
