import { parseJsonText, refuseLostObjects } from './json-text.js';
import { CodecId, type Codec, type CodecLimits } from './codec.js';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON, for peers that cannot speak MessagePack. What JSON would drop or mangle is refused with a
 * TypeError (`refuseLostObjects`): binary (use msgpack), a Map, Set, ArrayBuffer, Error, RegExp or
 * Promise, a function or symbol inside an object. Prototype-polluting keys are dropped (see `parseJsonText`).
 */
export function createJsonCodec(limits: CodecLimits = {}): Codec {
  const maxLength = limits.maxStringLength ?? Number.POSITIVE_INFINITY;
  return {
    id: CodecId.Json,
    name: 'json',
    encode(value) {
      const text = JSON.stringify(value, refuseLostObjects);
      if (text === undefined) throw new TypeError(`JSON cannot encode a value of type ${typeof value}`);
      return textEncoder.encode(text);
    },
    decode(bytes) {
      if (bytes.byteLength > maxLength) {
        throw new RangeError(`JSON text of ${bytes.byteLength} bytes exceeds maxStringLength ${maxLength}`);
      }
      return parseJsonText(textDecoder.decode(bytes));
    },
  };
}
