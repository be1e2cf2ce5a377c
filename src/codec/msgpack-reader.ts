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
/** Strings up to this many bytes are decoded by hand when ASCII. */
const SHORT_STRING = 32;
/** Map keys up to this many bytes are cached: the same few keys arrive in every message. */
const MAX_CACHED_KEY = 16;
const KEY_SLOTS = 512;

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const EMPTY: Uint8Array = new Uint8Array(0);
const CHAR_CODES = Array.from({ length: SHORT_STRING + 1 }, (_, size) => new Array<number>(size).fill(0));
const keyBytes: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(KEY_SLOTS).fill(undefined);
const keyText: string[] = new Array<string>(KEY_SLOTS).fill('');

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

  private key(size: number): string {
    const start = this.at;
    const end = start + size;
    const bytes = this.bytes;
    if (size > MAX_CACHED_KEY || end > bytes.byteLength) return this.string(size);
    let hash = size;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
    const slot = hash & (KEY_SLOTS - 1);
    const cached = keyBytes[slot];
    if (cached !== undefined && cached.byteLength === size) {
      let same = true;
      for (let i = 0; i < size && same; i++) same = cached[i] === bytes[start + i];
      if (same) {
        this.at = end;
        return keyText[slot]!;
      }
    }
    const text = this.string(size);
    keyBytes[slot] = bytes.slice(start, end);
    keyText[slot] = text;
    return text;
  }

  private string(size: number): string {
    const start = this.at;
    const end = start + size;
    if (end > this.bytes.byteLength || size > this.maxStringLength) throw BAIL;
    this.at = end;
    if (size > SHORT_STRING) return this.utf8(start, end);
    const bytes = this.bytes;
    const codes = CHAR_CODES[size]!;
    for (let i = 0; i < size; i++) {
      const byte = bytes[start + i]!;
      if (byte > 0x7f) return this.utf8(start, end);
      codes[i] = byte;
    }
    return String.fromCharCode.apply(null, codes);
  }

  private utf8(start: number, end: number): string {
    try {
      return textDecoder.decode(this.bytes.subarray(start, end));
    } catch {
      throw BAIL; // invalid UTF-8: the library decides what it becomes
    }
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
