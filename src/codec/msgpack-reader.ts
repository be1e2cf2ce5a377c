import { decodeRepeatedUtf8, decodeUtf8 } from './utf8.js';

/**
 * A MessagePack reader for plain data: nil, booleans, integers, floats, strings, `bin` (a view into
 * the input, not a copy), arrays and maps with short string keys, decoded to exactly what
 * @msgpack/msgpack returns for them. Anything else (extension types, numeric or long keys,
 * `__proto__`, invalid UTF-8, malformed or truncated input, values over the limits, deep nesting)
 * returns {@link NOT_PLAIN} and the codec decodes with the library, whose results and errors stand.
 * A fast path, never a second behaviour: it makes no DataView, no state objects and no key strings
 * per message, which the library's general decoder does (a fifth of a server's time on small calls).
 */
export const NOT_PLAIN: unique symbol = Symbol('not plain msgpack');

/** Nesting this reader follows (it recurses); deeper input goes to the library's iterative decoder. */
const MAX_DEPTH = 64;
const EMPTY: Uint8Array = new Uint8Array(0);

/** Unwinds to {@link MsgpackReader.read}; never escapes it. */
const BAIL = new Error('not plain msgpack');

export class MsgpackReader {
  private bytes = EMPTY;
  private at = 0;
  /** Made only when a multi-byte number is read: most small bodies have none. */
  private view: DataView | undefined;

  constructor(
    private readonly maxStringLength: number,
    private readonly maxBinaryLength: number,
  ) {}

  /** The value `bytes` hold, or {@link NOT_PLAIN}. */
  read(bytes: Uint8Array): unknown {
    this.bytes = bytes;
    this.at = 0;
    this.view = undefined;
    try {
      const value = this.value(0);
      return this.at === bytes.byteLength ? value : NOT_PLAIN;
    } catch (error) {
      if (error === BAIL || error instanceof RangeError) return NOT_PLAIN;
      throw error;
    } finally {
      this.bytes = EMPTY;
      this.view = undefined;
    }
  }

  private value(depth: number): unknown {
    const head = this.byte();
    if (head < 0x80) return head;
    if (head >= 0xe0) return head - 0x100;
    if (head < 0x90) return this.map(head & 0x0f, depth);
    if (head < 0xa0) return this.array(head & 0x0f, depth);
    if (head < 0xc0) return this.string(head & 0x1f);
    switch (head) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return this.binary(this.byte());
      case 0xcc:
        return this.byte();
      case 0xd9:
        return this.string(this.byte());
    }
    const at = this.at;
    const view = (this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
    switch (head) {
      case 0xc5:
        this.at += 2;
        return this.binary(view.getUint16(at));
      case 0xc6:
        this.at += 4;
        return this.binary(view.getUint32(at));
      case 0xca:
        this.at += 4;
        return view.getFloat32(at);
      case 0xcb:
        this.at += 8;
        return view.getFloat64(at);
      case 0xcd:
        this.at += 2;
        return view.getUint16(at);
      case 0xce:
        this.at += 4;
        return view.getUint32(at);
      case 0xcf:
        this.at += 8;
        return view.getUint32(at) * 0x100000000 + view.getUint32(at + 4);
      case 0xd0:
        this.at += 1;
        return view.getInt8(at);
      case 0xd1:
        this.at += 2;
        return view.getInt16(at);
      case 0xd2:
        this.at += 4;
        return view.getInt32(at);
      case 0xd3:
        this.at += 8;
        return view.getInt32(at) * 0x100000000 + view.getUint32(at + 4);
      case 0xda:
        this.at += 2;
        return this.string(view.getUint16(at));
      case 0xdb:
        this.at += 4;
        return this.string(view.getUint32(at));
      case 0xdc:
        this.at += 2;
        return this.array(view.getUint16(at), depth);
      case 0xdd:
        this.at += 4;
        return this.array(view.getUint32(at), depth);
      case 0xde:
        this.at += 2;
        return this.map(view.getUint16(at), depth);
      case 0xdf:
        this.at += 4;
        return this.map(view.getUint32(at), depth);
      default:
        throw BAIL; // extension types and the unused byte 0xc1
    }
  }

  private array(size: number, depth: number): unknown[] {
    // Every item takes at least a byte: a larger declared size is malformed, for the library to report.
    if (depth >= MAX_DEPTH || size > this.bytes.byteLength - this.at) throw BAIL;
    const array = new Array<unknown>(size);
    for (let i = 0; i < size; i++) array[i] = this.value(depth + 1);
    return array;
  }

  private map(size: number, depth: number): Record<string, unknown> {
    if (depth >= MAX_DEPTH || size * 2 > this.bytes.byteLength - this.at) throw BAIL;
    const map: Record<string, unknown> = {};
    for (let i = 0; i < size; i++) {
      const head = this.byte();
      if (head < 0xa0 || head >= 0xc0) throw BAIL; // numeric and long keys: rare, left to the library
      const key = this.key(head & 0x1f);
      if (key === '__proto__') throw BAIL;
      map[key] = this.value(depth + 1);
    }
    return map;
  }

  /** A map key: keys repeat in every message, so they come from the shared cache of short strings. */
  private key(size: number): string {
    const end = this.text(size);
    try {
      return decodeRepeatedUtf8(this.bytes, end - size, end);
    } catch {
      throw BAIL; // invalid UTF-8: the library decides what it becomes
    }
  }

  private string(size: number): string {
    const end = this.text(size);
    try {
      return decodeUtf8(this.bytes, end - size, end);
    } catch {
      throw BAIL;
    }
  }

  /** Moves past `size` bytes of text and returns where they end; bails when they are not all there or over the limit. */
  private text(size: number): number {
    const end = this.at + size;
    if (end > this.bytes.byteLength || size > this.maxStringLength) throw BAIL;
    this.at = end;
    return end;
  }

  private binary(size: number): Uint8Array {
    const start = this.at;
    if (start + size > this.bytes.byteLength || size > this.maxBinaryLength) throw BAIL;
    this.at = start + size;
    return this.bytes.subarray(start, start + size);
  }

  private byte(): number {
    if (this.at >= this.bytes.byteLength) throw BAIL;
    return this.bytes[this.at++]!;
  }
}
