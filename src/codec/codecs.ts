import type { Codec, CodecLimits } from './codec.js';
import { createJsonCodec } from './json-codec.js';
import { createMsgpackCodec } from './msgpack-codec.js';

/** A built-in codec by name, or your own {@link Codec}. */
export type CodecOption = 'msgpack' | 'json' | Codec;

/** Resolves a codec option to a codec instance (each instance owns its reusable buffers). */
export function resolveCodec(option: CodecOption | undefined, limits: CodecLimits = {}): Codec {
  if (option === undefined || option === 'msgpack') return createMsgpackCodec(limits);
  if (option === 'json') return createJsonCodec(limits);
  if (typeof option === 'object' && typeof option.encode === 'function' && typeof option.decode === 'function') {
    return option;
  }
  throw new TypeError(`Unknown codec ${String(option)}: use 'msgpack', 'json' or an object with id, name, encode and decode`);
}

/** The codecs a peer can decode, by id: both built-ins plus any custom ones. */
export function codecTable(preferred: Codec, extra: readonly Codec[], limits: CodecLimits): Map<number, Codec> {
  const table = new Map<number, Codec>();
  for (const codec of [createMsgpackCodec(limits), createJsonCodec(limits), ...extra, preferred]) {
    table.set(codec.id, codec);
  }
  return table;
}
