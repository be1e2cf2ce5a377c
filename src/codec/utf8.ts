const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes of `text`. */
export function encodeUtf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

/**
 * Decodes UTF-8; short ASCII strings (method names, metadata keys) take a loop that is several times
 * faster than TextDecoder for them. Throws a TypeError on invalid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let text = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!;
      if (byte > 0x7f) return textDecoder.decode(bytes.subarray(start, end));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return textDecoder.decode(bytes.subarray(start, end));
}
