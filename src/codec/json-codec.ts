import { CodecId, type Codec, type CodecLimits } from './codec.js';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Drops the two shapes that reach a prototype when a decoded object is later merged into another one:
 * a `__proto__` key, and a `constructor` key whose value has a `prototype`.
 */
function dropPrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') return undefined;
  if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value) return undefined;
  return value;
}

/**
 * JSON, for peers that cannot speak MessagePack. `Uint8Array` has no JSON form: use msgpack for binary.
 * Prototype-polluting keys are dropped; the reviver that does it runs only when the text contains
 * `__proto__` or `constructor`, so ordinary payloads parse at full speed.
 */
export function createJsonCodec(limits: CodecLimits = {}): Codec {
  const maxLength = limits.maxStringLength ?? Number.POSITIVE_INFINITY;
  return {
    id: CodecId.Json,
    name: 'json',
    encode(value) {
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError(`JSON cannot encode a value of type ${typeof value}`);
      return textEncoder.encode(text);
    },
    decode(bytes) {
      if (bytes.byteLength > maxLength) {
        throw new RangeError(`JSON text of ${bytes.byteLength} bytes exceeds maxStringLength ${maxLength}`);
      }
      const text = textDecoder.decode(bytes);
      const risky = text.includes('__proto__') || text.includes('constructor');
      return risky ? JSON.parse(text, dropPrototypeKeys) : JSON.parse(text);
    },
  };
}
