import { NOT_PLAIN } from './msgpack-reader.js';

/**
 * A MessagePack writer for plain data: null and undefined, booleans, numbers, strings, `Uint8Array`,
 * arrays and plain objects (prototype `Object.prototype` or null), written byte for byte as
 * @msgpack/msgpack writes them with `ignoreUndefined` (undefined map values left out). Anything else
 * (a Date, a class instance, another typed array, a bigint, a function, deep nesting, a re-entrant
 * call from a getter) returns {@link NOT_PLAIN} and the codec encodes with the library, whose bytes
 * and errors stand. The library looks for extension types on every object and goes through a method
 * per byte; this writer does neither (about a sixth of a server's time on small calls).
 */

/** Nesting this writer follows (it recurses); deeper values go to the library, which limits depth itself. */
const MAX_DEPTH = 64;
/** The library encodes longer strings with TextEncoder (lone surrogates become U+FFFD) and shorter ones by hand. */
const TEXT_ENCODER_THRESHOLD = 50;
const INITIAL_BYTES = 2048;

/** Unwinds to {@link MsgpackWriter.write}; never escapes it. */
const BAIL = new Error('not plain data');
const textEncoder = new TextEncoder();

/** False when an enumerable property was added to Object.prototype (for-in would list it in every object). */
function objectPrototypeIsClean(): boolean {
  for (const _ in Object.prototype) return false;
  return true;
}

export class MsgpackWriter {
  private bytes = new Uint8Array(INITIAL_BYTES);
  private view = new DataView(this.bytes.buffer);
  /** `bytes.byteLength`, kept as a number: reading it off the array on every write costs more. */
  private capacity = INITIAL_BYTES;
  private at = 0;
  private busy = false;

  /**
   * The encoding of `value`, or {@link NOT_PLAIN}. The bytes are a view into a buffer this writer
   * reuses: valid until the next call, as the Codec contract says of `encode`.
   */
  write(value: unknown): Uint8Array | typeof NOT_PLAIN {
    if (this.busy) return NOT_PLAIN; // a getter encoding while we encode: the library copes
    if (!objectPrototypeIsClean()) return NOT_PLAIN; // for-in would see what someone added to Object.prototype
    this.busy = true;
    this.at = 0;
    try {
      this.value(value, 0);
      return this.bytes.subarray(0, this.at);
    } catch (error) {
      if (error === BAIL) return NOT_PLAIN;
      throw error;
    } finally {
      this.busy = false;
    }
  }

  private value(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        return this.number(value);
      case 'boolean':
        return this.byte(value ? 0xc3 : 0xc2);
      case 'undefined':
        return this.byte(0xc0);
      case 'object':
        if (value === null) return this.byte(0xc0);
        if (depth >= MAX_DEPTH) throw BAIL;
        if (Array.isArray(value)) return this.array(value, depth);
        if (value instanceof Uint8Array) return this.binary(value);
        {
          const proto: unknown = Object.getPrototypeOf(value);
          if (proto !== Object.prototype && proto !== null) throw BAIL;
        }
        return this.map(value as Record<string, unknown>, depth);
      default:
        throw BAIL;
    }
  }

  private number(value: number): void {
    if (!Number.isSafeInteger(value)) {
      this.reserve(9);
      this.bytes[this.at] = 0xcb;
      this.view.setFloat64(this.at + 1, value);
      this.at += 9;
      return;
    }
    if (value >= 0) {
      if (value < 0x80) return this.byte(value);
      if (value < 0x100) return this.head(0xcc, 1, value);
      if (value < 0x10000) return this.head(0xcd, 2, value);
      if (value < 0x100000000) return this.head(0xce, 4, value);
      this.reserve(9);
      this.bytes[this.at] = 0xcf;
      this.view.setUint32(this.at + 1, value / 0x100000000);
      this.view.setUint32(this.at + 5, value >>> 0);
      this.at += 9;
      return;
    }
    if (value >= -0x20) return this.byte(0xe0 | (value + 0x20));
    if (value >= -0x80) return this.head(0xd0, 1, value & 0xff);
    if (value >= -0x8000) return this.head(0xd1, 2, value & 0xffff);
    if (value >= -0x80000000) return this.head(0xd2, 4, value >>> 0);
    this.reserve(9);
    this.bytes[this.at] = 0xd3;
    this.view.setUint32(this.at + 1, Math.floor(value / 0x100000000) >>> 0);
    this.view.setUint32(this.at + 5, value >>> 0);
    this.at += 9;
  }

  private string(text: string): void {
    const length = text.length;
    if (length < 32 && this.ascii(text)) return;
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the header at most 5.
    this.reserve(5 + length * 3);
    const start = this.at;
    const size = length > TEXT_ENCODER_THRESHOLD ? textEncoder.encodeInto(text, this.bytes.subarray(start + 5)).written : this.utf8(text, start + 5);
    const headBytes = size < 32 ? 1 : size < 0x100 ? 2 : size < 0x10000 ? 3 : 5;
    if (headBytes < 5) this.bytes.copyWithin(start + headBytes, start + 5, start + 5 + size);
    if (size < 32) this.bytes[start] = 0xa0 | size;
    else if (size < 0x100) this.head(0xd9, 1, size);
    else if (size < 0x10000) this.head(0xda, 2, size);
    else this.head(0xdb, 4, size);
    this.at = start + headBytes + size;
  }

  /** Writes a short ASCII string as a fixstr; false (nothing written) when it holds another character. */
  private ascii(text: string): boolean {
    const length = text.length;
    this.reserve(1 + length);
    const bytes = this.bytes;
    const start = this.at + 1;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) return false;
      bytes[start + i] = code;
    }
    bytes[this.at] = 0xa0 | length;
    this.at = start + length;
    return true;
  }

  /** UTF-8 as the library writes short strings (a lone surrogate as its 3-byte form); returns the byte count. */
  private utf8(text: string, at: number): number {
    const bytes = this.bytes;
    const start = at;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      let code = text.charCodeAt(i);
      if (code < 0x80) {
        bytes[at++] = code;
        continue;
      }
      if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6);
      } else {
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
          const low = text.charCodeAt(i + 1);
          if ((low & 0xfc00) === 0xdc00) {
            i++;
            code = ((code & 0x3ff) << 10) + (low & 0x3ff) + 0x10000;
          }
        }
        if (code < 0x10000) {
          bytes[at++] = 0xe0 | (code >> 12);
        } else {
          bytes[at++] = 0xf0 | (code >> 18);
          bytes[at++] = 0x80 | ((code >> 12) & 0x3f);
        }
        bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
      }
      bytes[at++] = 0x80 | (code & 0x3f);
    }
    return at - start;
  }

  private binary(value: Uint8Array): void {
    const size = value.byteLength;
    this.reserve(5 + size);
    if (size < 0x100) this.head(0xc4, 1, size);
    else if (size < 0x10000) this.head(0xc5, 2, size);
    else this.head(0xc6, 4, size);
    this.bytes.set(value, this.at);
    this.at += size;
  }

  private array(array: readonly unknown[], depth: number): void {
    const size = array.length;
    if (size < 16) this.byte(0x90 | size);
    else if (size < 0x10000) this.head(0xdc, 2, size);
    else this.head(0xdd, 4, size);
    for (let i = 0; i < size; i++) this.value(array[i], depth + 1);
  }

  private map(map: Record<string, unknown>, depth: number): void {
    // for-in rather than Object.keys (no array per object); write() made sure nothing is inherited.
    // The 1-byte header is patched once the undefined values were skipped.
    const headAt = this.at;
    this.byte(0x80);
    let size = 0;
    for (const key in map) {
      const value = map[key];
      if (value === undefined) continue;
      this.string(key);
      this.value(value, depth + 1);
      size++;
    }
    if (size < 16) {
      this.bytes[headAt] = 0x80 | size;
      return;
    }
    const headBytes = size < 0x10000 ? 3 : 5;
    this.reserve(headBytes - 1);
    this.bytes.copyWithin(headAt + headBytes, headAt + 1, this.at);
    const end = this.at + headBytes - 1;
    this.at = headAt;
    this.head(headBytes === 3 ? 0xde : 0xdf, headBytes === 3 ? 2 : 4, size);
    this.at = end;
  }

  /** A type byte and a big-endian unsigned integer of `width` bytes. */
  private head(type: number, width: 1 | 2 | 4, value: number): void {
    this.reserve(1 + width);
    const bytes = this.bytes;
    let at = this.at;
    bytes[at++] = type;
    if (width === 4) {
      bytes[at++] = value >>> 24;
      bytes[at++] = (value >>> 16) & 0xff;
    }
    if (width >= 2) bytes[at++] = (value >>> 8) & 0xff;
    bytes[at++] = value & 0xff;
    this.at = at;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.bytes[this.at++] = value;
  }

  private reserve(size: number): void {
    const needed = this.at + size;
    if (needed <= this.capacity) return;
    this.capacity = Math.max(needed, this.capacity * 2);
    const grown = new Uint8Array(this.capacity);
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}
