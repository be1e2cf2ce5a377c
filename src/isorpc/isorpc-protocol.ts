import { RpcError } from '../errors.js';
import { isFrameType, KNOWN_FLAGS, type Frame } from './frame.js';
import { createLengthPrefixDecoder, LENGTH_PREFIX_BYTES } from '../framing/length-prefix-decoder.js';
import { decodeMetadata, encodeMetadata } from './metadata-codec.js';
import { decodeRepeatedUtf8, encodeUtf8 } from '../codec/utf8.js';

/** `'I' 'R'`: the first two bytes of every isorpc frame. */
export const MAGIC = 0x4952;
/** The isorpc protocol version this build speaks, the third byte of every frame. */
export const PROTOCOL_VERSION = 1;
/** Bytes of the fixed header; docs/PROTOCOL.md draws it. */
export const HEADER_BYTES = 20;

/** Method names repeat, so their UTF-8 bytes are cached (bounded, so hostile names cannot grow it). */
const methodBytesCache = new Map<string, Uint8Array>();
const METHOD_CACHE_LIMIT = 1024;
const EMPTY = new Uint8Array(0);

function methodBytes(method: string): Uint8Array {
  if (method === '') return EMPTY;
  let bytes = methodBytesCache.get(method);
  if (bytes === undefined) {
    bytes = encodeUtf8(method);
    if (bytes.byteLength > 0xffff) throw new RangeError(`method name "${method.slice(0, 40)}…" is longer than 65535 bytes`);
    if (methodBytesCache.size >= METHOD_CACHE_LIMIT) methodBytesCache.clear();
    methodBytesCache.set(method, bytes);
  }
  return bytes;
}

/**
 * Small frames are carved out of a shared slab, as Node's Buffer pool does: allocating one small
 * ArrayBuffer per frame costs more than encoding it. A slab region is never reused, so each frame's
 * view stays valid for as long as anyone holds it; a full slab is simply replaced.
 */
const SLAB_BYTES = 16 * 1024;
const MAX_SLAB_FRAME = 4 * 1024;
let slab = new Uint8Array(SLAB_BYTES);
let slabView = new DataView(slab.buffer);
let slabUsed = 0;

/** Where {@link allocate} put the last frame: module variables, so no object is made per frame. */
let allocOut = slab;
let allocView = slabView;
let allocAt = 0;

function allocate(size: number): void {
  if (size > MAX_SLAB_FRAME) {
    allocOut = new Uint8Array(size);
    allocView = new DataView(allocOut.buffer);
    allocAt = 0;
    return;
  }
  if (slabUsed + size > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabView = new DataView(slab.buffer);
    slabUsed = 0;
  }
  allocOut = slab;
  allocView = slabView;
  allocAt = slabUsed;
  slabUsed = (slabUsed + size + 7) & ~7;
}

function bodyBytes(body: Uint8Array | readonly Uint8Array[] | undefined): number {
  if (body === undefined) return 0;
  if (body instanceof Uint8Array) return body.byteLength;
  let length = 0;
  for (const part of body) length += part.byteLength;
  return length;
}

function encodeFrame(frame: Frame, body: Uint8Array | readonly Uint8Array[] | undefined, forStream: boolean): Uint8Array {
  const method = methodBytes(frame.method);
  const metadata = frame.metadata === undefined ? undefined : encodeMetadata(frame.metadata);
  const metadataLength = metadata === undefined ? 0 : metadata.byteLength;
  const bodyLength = bodyBytes(body);
  const frameLength = HEADER_BYTES + method.byteLength + metadataLength + bodyLength;
  const total = (forStream ? LENGTH_PREFIX_BYTES : 0) + frameLength;
  allocate(total);
  const out = allocOut;
  const view = allocView;
  const at = allocAt;
  const start = at + (forStream ? LENGTH_PREFIX_BYTES : 0);
  if (forStream) view.setUint32(at, frameLength);
  view.setUint16(start, MAGIC);
  out[start + 2] = PROTOCOL_VERSION;
  out[start + 3] = frame.type;
  out[start + 4] = frame.flags;
  out[start + 5] = frame.codec;
  view.setUint32(start + 6, frame.seq);
  view.setUint32(start + 10, frame.timeout);
  view.setUint16(start + 14, method.byteLength);
  view.setUint32(start + 16, metadataLength);
  let offset = copy(method, out, start + HEADER_BYTES);
  if (metadata !== undefined) offset = copy(metadata, out, offset);
  if (body instanceof Uint8Array) copy(body, out, offset);
  else if (body !== undefined) for (const part of body) offset = copy(part, out, offset);
  return out.subarray(at, at + total);
}

/** Copies `bytes` into `out` at `offset`; returns the offset after them. A loop beats `set()` for a few bytes. */
function copy(bytes: Uint8Array, out: Uint8Array, offset: number): number {
  const length = bytes.byteLength;
  if (length > 64) out.set(bytes, offset);
  else for (let i = 0; i < length; i++) out[offset + i] = bytes[i]!;
  return offset + length;
}

function protocolError(message: string, cause?: unknown): RpcError {
  return new RpcError('PROTOCOL', `Malformed frame: ${message}; the peer does not speak isorpc protocol v${PROTOCOL_VERSION}`, { cause });
}

function uint16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function uint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) >>> 0) + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
}

function decodeFrame(bytes: Uint8Array, maxMetadataBytes = Number.POSITIVE_INFINITY): Frame {
  if (bytes.byteLength < HEADER_BYTES) throw protocolError(`${bytes.byteLength} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  if (uint16(bytes, 0) !== MAGIC) throw protocolError('bad magic bytes');
  if (bytes[2] !== PROTOCOL_VERSION) throw protocolError(`unsupported version ${bytes[2]}`);
  const type = bytes[3];
  if (!isFrameType(type)) throw protocolError(`unknown frame type ${type}`);
  if ((bytes[4]! & ~KNOWN_FLAGS) !== 0) throw protocolError(`unknown flags 0x${bytes[4]!.toString(16)}`);
  const methodEnd = HEADER_BYTES + uint16(bytes, 14);
  const metadataLength = uint32(bytes, 16);
  if (metadataLength > maxMetadataBytes) {
    throw new RpcError('FRAME_TOO_LARGE', `Received ${metadataLength} bytes of metadata, over the limit of ${maxMetadataBytes} bytes (maxMetadataSize); send less metadata`);
  }
  const metadataEnd = methodEnd + metadataLength;
  if (metadataEnd > bytes.byteLength) throw protocolError('method and metadata run past the end of the frame');
  let method: string;
  let metadata;
  try {
    method = methodEnd === HEADER_BYTES ? '' : decodeRepeatedUtf8(bytes, HEADER_BYTES, methodEnd);
    metadata = metadataEnd === methodEnd ? undefined : decodeMetadata(bytes, methodEnd, metadataEnd);
  } catch (cause) {
    throw protocolError(cause instanceof Error ? cause.message : 'undecodable header strings', cause);
  }
  return {
    type,
    flags: bytes[4]!,
    seq: uint32(bytes, 6),
    method,
    metadata,
    timeout: uint32(bytes, 10),
    codec: bytes[5]!,
    body: metadataEnd === bytes.byteLength ? undefined : bytes.subarray(metadataEnd),
  };
}

/** The isorpc binary protocol (docs/PROTOCOL.md): a 20-byte header, and a length prefix on streams. */
export const isorpcProtocol = {
  /** The protocol's name, for messages. */
  name: 'isorpc',
  /** Serialises a frame with its encoded body (one buffer or parts); with `forStream`, length-prefixed. */
  encodeFrame,
  /** Parses one message into a frame whose body is the encoded bytes; throws `PROTOCOL` or `FRAME_TOO_LARGE`. */
  decodeFrame,
  /** Splits a byte stream into messages under a size cap. */
  createStreamDecoder: createLengthPrefixDecoder,
};
