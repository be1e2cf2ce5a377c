import { Decoder, Encoder } from '@msgpack/msgpack';
import { CodecId, type Codec, type CodecLimits } from './codec.js';

/**
 * MessagePack, the default codec. One Encoder and one Decoder are reused for every message; binary
 * values (`Uint8Array`) travel as msgpack `bin`, and the decoder rejects `__proto__` keys.
 */
export function createMsgpackCodec(limits: CodecLimits = {}): Codec {
  const encoder = new Encoder({ ignoreUndefined: true });
  const decoder = new Decoder({
    maxStrLength: limits.maxStringLength,
    maxBinLength: limits.maxBinaryLength,
  });
  return {
    id: CodecId.MessagePack,
    name: 'msgpack',
    encode: (value) => encoder.encodeSharedRef(value),
    decode: (bytes) => decoder.decode(bytes),
  };
}
