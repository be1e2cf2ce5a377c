/** How values become bytes. A codec is two functions and an id that travels in every frame header. */
export interface Codec {
  /** Written in each frame's header so the receiver decodes with the same codec. 1–15 are isorpc's own. */
  readonly id: number;
  /** A short name for options and error messages, e.g. `'msgpack'`. */
  readonly name: string;
  /**
   * Encodes one value. The returned bytes may be a view into a buffer the codec reuses: they are valid
   * only until the next call to `encode`, so copy them before encoding again.
   */
  encode(value: unknown): Uint8Array;
  /**
   * Optional: encodes one value as consecutive parts whose concatenation is what `encode` returns,
   * so a large binary value can be referenced instead of copied (the frame writer copies each part
   * once into the frame). Parts are valid until the next call, like `encode`'s result.
   */
  encodeParts?(value: unknown): readonly Uint8Array[];
  /** Decodes one value; throws on malformed input or on keys that could pollute prototypes. */
  decode(bytes: Uint8Array): unknown;
}

/** Size limits a codec enforces while decoding. */
export interface CodecLimits {
  /** Longest string, in UTF-8 bytes. */
  maxStringLength?: number;
  /** Longest binary value, in bytes. */
  maxBinaryLength?: number;
}

/** The ids isorpc reserves. Custom codecs use 16–255. */
export const CodecId = {
  /** The body is a structured-clone value (MessagePort, in-process): nothing was encoded. */
  None: 0,
  /** MessagePack, the default for byte transports. */
  MessagePack: 1,
  /** JSON, for peers and tools that speak nothing else. */
  Json: 2,
} as const;
