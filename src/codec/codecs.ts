import type { Codec, CodecLimits } from './codec.js';
import { createJsonCodec } from './json-codec.js';

/** A built-in codec by name, or your own {@link Codec}. */
export type CodecOption = 'msgpack' | 'json' | Codec;

/** Makes a codec that enforces `limits` while decoding (e.g. `createMsgpackCodec`). */
export type CodecFactory = (limits: CodecLimits) => Codec;

function isCodec(option: unknown): option is Codec {
  return typeof option === 'object' && option !== null && typeof (option as Codec).encode === 'function' && typeof (option as Codec).decode === 'function';
}

/**
 * Resolves a codec option to a codec instance (each instance owns its reusable buffers). `'msgpack'`,
 * also the default, needs `msgpack`, which only the builds that move bytes pass in (the platform
 * supplies it): without it the answer is `undefined`, and a byte transport is refused later with a
 * message that says what to pass. This file imports no msgpack, so structured-clone bundles carry none.
 * Throws a TypeError for an option that is no codec at all.
 */
export function pickCodec(option: CodecOption | undefined, limits: CodecLimits, msgpack: CodecFactory | undefined): Codec | undefined {
  checkCodecOption(option);
  if (option === undefined || option === 'msgpack') return msgpack?.(limits);
  if (option === 'json') return createJsonCodec(limits);
  return option;
}

/**
 * Throws the TypeError of an option that is no codec at all. Makes no codec, so options can be checked
 * where codecs are made later or never (ports).
 */
export function checkCodecOption(option: unknown): asserts option is CodecOption | undefined {
  if (option === undefined || option === 'msgpack' || option === 'json' || isCodec(option)) return;
  throw new TypeError(`Unknown codec ${String(option)}: use 'msgpack', 'json' or an object with id, name, encode and decode`);
}

/** The codecs a peer can decode, by id: JSON, msgpack where the build has it, custom ones, and `preferred`. */
export function codecTable(preferred: Codec | undefined, extra: readonly Codec[], limits: CodecLimits, msgpack: CodecFactory | undefined): Map<number, Codec> {
  const table = new Map<number, Codec>();
  const codecs = [createJsonCodec(limits), ...extra];
  if (msgpack !== undefined) codecs.unshift(msgpack(limits));
  if (preferred !== undefined) codecs.push(preferred);
  for (const codec of codecs) table.set(codec.id, codec);
  return table;
}
