const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes of `text`. */
export function encodeUtf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

/** Strings up to this many bytes take the hand-written ASCII path. */
const SHORT_BYTES = 32;
/** One reusable array of char codes per short length, for String.fromCharCode (no string per character). */
const CHAR_CODES = Array.from({ length: SHORT_BYTES + 1 }, (_, size) => new Array<number>(size).fill(0));

/**
 * Decodes UTF-8; short ASCII strings (method names, metadata keys) take a loop that is several times
 * faster than TextDecoder for them. Throws a TypeError on invalid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const size = end - start;
  if (size <= SHORT_BYTES) {
    const codes = CHAR_CODES[size]!;
    for (let i = 0; i < size; i++) {
      const byte = bytes[start + i]!;
      if (byte > 0x7f) return textDecoder.decode(bytes.subarray(start, end));
      codes[i] = byte;
    }
    return String.fromCharCode.apply(null, codes);
  }
  return textDecoder.decode(bytes.subarray(start, end));
}

const CACHE_SLOTS = 256;
const cachedBytes: Array<Uint8Array | undefined> = new Array(CACHE_SLOTS);
const cachedText: string[] = new Array<string>(CACHE_SLOTS).fill('');

/**
 * {@link decodeUtf8} for strings that repeat from message to message (method names, metadata keys):
 * short ones come from a small cache, so a call costs no new string. Same results and errors.
 */
export function decodeRepeatedUtf8(bytes: Uint8Array, start: number, end: number): string {
  const size = end - start;
  if (size > SHORT_BYTES) return decodeUtf8(bytes, start, end);
  let hash = size;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + bytes[i]!) | 0;
  const slot = hash & (CACHE_SLOTS - 1);
  const cached = cachedBytes[slot];
  if (cached !== undefined && cached.byteLength === size) {
    let same = true;
    for (let i = 0; i < size; i++) {
      if (cached[i] !== bytes[start + i]) {
        same = false;
        break;
      }
    }
    if (same) return cachedText[slot]!;
  }
  const text = decodeUtf8(bytes, start, end);
  cachedBytes[slot] = bytes.slice(start, end);
  cachedText[slot] = text;
  return text;
}
