import type { Metadata } from './frame.js';
import { decodeRepeatedUtf8, decodeUtf8, encodeUtf8 } from '../codec/utf8.js';

/**
 * Metadata travels in the frame header, independent of the body's codec, as a run of
 * `u16 keyLength, key, u32 valueLength, value` entries (UTF-8, big-endian lengths).
 */
export function encodeMetadata(metadata: Metadata | undefined): Uint8Array | undefined {
  if (metadata === undefined) return undefined;
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const key in metadata) {
    const value = metadata[key];
    if (typeof value !== 'string') throw new TypeError(`metadata value of "${key}" must be a string, got ${typeof value}`);
    const keyBytes = encodeUtf8(key);
    if (keyBytes.byteLength > 0xffff) throw new RangeError(`metadata key "${key.slice(0, 40)}…" is longer than 65535 bytes`);
    const valueBytes = encodeUtf8(value);
    parts.push(keyBytes, valueBytes);
    size += 6 + keyBytes.byteLength + valueBytes.byteLength;
  }
  if (size === 0) return undefined;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const keyBytes = parts[i]!;
    const valueBytes = parts[i + 1]!;
    view.setUint16(offset, keyBytes.byteLength);
    out.set(keyBytes, offset + 2);
    offset += 2 + keyBytes.byteLength;
    view.setUint32(offset, valueBytes.byteLength);
    out.set(valueBytes, offset + 4);
    offset += 4 + valueBytes.byteLength;
  }
  return out;
}

/** Decodes metadata; throws a RangeError when an entry runs past the end. `__proto__` keys are skipped. */
export function decodeMetadata(bytes: Uint8Array, start: number, end: number): Metadata {
  const metadata: Metadata = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = start;
  while (offset < end) {
    if (offset + 2 > end) throw new RangeError('metadata entry is truncated');
    const keyEnd = offset + 2 + view.getUint16(offset);
    if (keyEnd + 4 > end) throw new RangeError('metadata entry is truncated');
    const valueEnd = keyEnd + 4 + view.getUint32(keyEnd);
    if (valueEnd > end) throw new RangeError('metadata value is truncated');
    const key = decodeRepeatedUtf8(bytes, offset + 2, keyEnd);
    if (key !== '__proto__') metadata[key] = decodeUtf8(bytes, keyEnd + 4, valueEnd);
    offset = valueEnd;
  }
  return metadata;
}
