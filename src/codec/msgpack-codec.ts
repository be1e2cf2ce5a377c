import { Decoder, Encoder, ExtensionCodec } from '@msgpack/msgpack';
import { CodecId, type Codec, type CodecLimits } from './codec.js';
import { lostInEncoding } from './lost-in-encoding.js';

/**
 * Asked by the library's encoder about every object before it writes one; never answers, but throws
 * for what would arrive as `{}` (see `lostInEncoding`). Isorpc's own writer hands such objects here.
 */
function refusingLostObjects(): ExtensionCodec {
  const extensions = new ExtensionCodec();
  extensions.register({
    type: 0,
    encode: (value) => {
      const lost = typeof value === 'object' && value !== null ? lostInEncoding(value, 'msgpack') : undefined;
      if (lost !== undefined) throw new TypeError(lost);
      return null;
    },
    // Only the encoder has this codec: decoding keeps the library's default extensions.
    decode: () => undefined,
  });
  return extensions;
}

/** Binary values at least this large are referenced by encodeParts rather than copied. */
const REFERENCED_BIN_BYTES = 1024;

/**
 * MessagePack, the default codec. One Encoder and one Decoder are reused for every message; binary
 * values (`Uint8Array`) travel as msgpack `bin`, and the decoder rejects `__proto__` keys. A Map, Set,
 * ArrayBuffer, Error, RegExp or Promise is refused with a TypeError rather than sent as `{}`.
 */
export function createMsgpackCodec(limits: CodecLimits = {}): Codec {
  const encoder = new Encoder({ ignoreUndefined: true, extensionCodec: refusingLostObjects() });
  // msgpack `bin 16` (0xc5, u16 length) and `bin 32` (0xc6, u32 length), as the encoder writes them.
  const bin16 = Uint8Array.of(0xc5, 0, 0);
  const bin32 = Uint8Array.of(0xc6, 0, 0, 0, 0);
  const decoder = new Decoder({
    maxStrLength: limits.maxStringLength,
    maxBinLength: limits.maxBinaryLength,
  });
  return {
    id: CodecId.MessagePack,
    name: 'msgpack',
    encode: (value) => encoder.encodeSharedRef(value),
    // A large Uint8Array body (a file chunk, an echo of bytes) costs one copy into the frame, not two.
    encodeParts: (value) => {
      if (!(value instanceof Uint8Array) || value.byteLength < REFERENCED_BIN_BYTES) return [encoder.encodeSharedRef(value)];
      const length = value.byteLength;
      if (length <= 0xffff) {
        bin16[1] = length >>> 8;
        bin16[2] = length & 0xff;
        return [bin16, value];
      }
      new DataView(bin32.buffer).setUint32(1, length);
      return [bin32, value];
    },
    decode: (bytes) => decoder.decode(bytes),
  };
}
