import type { Codec, CodecLimits } from './codec.js';
import { pickCodec, type CodecOption } from './codecs.js';
import { createMsgpackCodec } from './msgpack-codec.js';

/**
 * Resolves a codec option to a codec instance (each instance owns its reusable buffers): `'msgpack'`
 * (also the default), `'json'`, or your own {@link Codec} as it is. Throws a TypeError for anything else.
 */
export function resolveCodec(option: CodecOption | undefined, limits: CodecLimits = {}): Codec {
  // With the msgpack factory passed in, pickCodec always has an answer.
  return pickCodec(option, limits, createMsgpackCodec) as Codec;
}
