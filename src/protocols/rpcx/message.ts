import { RpcError } from '../../errors.js';
import { decodeUtf8 } from '../../codec/utf8.js';
import type { FrameHeaderSpec } from '../../framing/header-frame-decoder.js';
import type { Metadata } from '../../core/peer-types.js';

/**
 * The rpcx message (smallnest/rpcx `protocol.Message`), all integers big-endian: a 16-byte header
 * (`u8` magic 0x08, `u8` version, `u8` type bits, `u8` serialize type in the high nibble, `u64` seq,
 * `u32` length of the rest), then four `u32`-length sections: service path, service method, metadata
 * (`u32` key length, key, `u32` value length, value, …) and payload.
 */

/** The first byte of every rpcx message. */
export const RPCX_MAGIC = 0x08;
/** Bytes before the four sections. */
export const RPCX_HEADER_BYTES = 16;

/** Payload encodings by their wire number (the high nibble of byte 3). */
export const RpcxSerializeType = {
  /** 0: raw bytes, sent as they are. */
  Raw: 0,
  /** 1: JSON. */
  Json: 1,
  /** 2: protobuf (needs a plugged codec). */
  Protobuf: 2,
  /** 3: msgpack. */
  MsgPack: 3,
  /** 4: thrift (needs a plugged codec). */
  Thrift: 4,
} as const;
/** Payload compressions by their wire number (bits 4–2 of byte 2). */
export const RpcxCompressType = {
  /** 0: the payload is not compressed. */
  None: 0,
  /** 1: the payload is gzip-compressed. */
  Gzip: 1,
} as const;

const RESPONSE_BIT = 0x80;
const HEARTBEAT_BIT = 0x40;
const ONEWAY_BIT = 0x20;
const STATUS_ERROR = 1;

/** One rpcx message, decoded. Strings are UTF-8 on the wire. */
export interface RpcxMessage {
  /** Bit 7 of byte 2: a Response (a reply clones its request's header with this bit set). */
  response: boolean;
  /** Bit 6 of byte 2: a Heartbeat, echoed back as a Response. */
  heartbeat: boolean;
  /** Bit 5 of byte 2: Oneway, no reply is sent. */
  oneway: boolean;
  /** 0 none, 1 gzip (see {@link RpcxCompressType}). */
  compressType: number;
  /** Status Error (the error text is the `__rpcx_error__` metadata). */
  error: boolean;
  /** 0–15 (see {@link RpcxSerializeType}). */
  serializeType: number;
  /** A full u64: never narrowed, so a reply echoes whatever the caller chose. */
  seq: bigint;
  /** The first section: the service name, e.g. `'Arith'`. */
  servicePath: string;
  /** The second section: the method name, e.g. `'Mul'`. */
  serviceMethod: string;
  /** In wire order. */
  metadata: Metadata;
  /** The last section: the payload bytes, in {@link serializeType} and compressed per {@link compressType}. */
  payload: Uint8Array;
}

function protocolError(why: string): RpcError {
  return new RpcError('PROTOCOL', `Malformed rpcx message: ${why}; the connection is closed (is the peer speaking rpcx?)`);
}

/** Splits a byte stream into rpcx messages, for `createHeaderFrameDecoder`; bad magic fails on the first byte. */
export const rpcxFrameSpec: FrameHeaderSpec = {
  maxHeaderBytes: RPCX_HEADER_BYTES,
  frameLength(bytes, available) {
    if (available >= 1 && bytes[0] !== RPCX_MAGIC) throw protocolError(`bad magic byte 0x${bytes[0]!.toString(16).padStart(2, '0')} (expected 0x08)`);
    if (available < RPCX_HEADER_BYTES) return undefined;
    return RPCX_HEADER_BYTES + new DataView(bytes.buffer, bytes.byteOffset, RPCX_HEADER_BYTES).getUint32(12);
  },
};

/** A cursor over the sections; every read checks the bounds so a truncated section is a clear error. */
class SectionReader {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private at: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  done(end: number): boolean {
    return this.at >= end;
  }

  section(end: number, what: string): [number, number] {
    if (this.at + 4 > end) throw protocolError(`the ${what} section is truncated (no room for its length)`);
    const length = this.view.getUint32(this.at);
    const start = this.at + 4;
    if (start + length > end) throw protocolError(`the ${what} section says ${length} bytes but only ${end - start} follow`);
    this.at = start + length;
    return [start, this.at];
  }

  text(end: number, what: string): string {
    const [start, stop] = this.section(end, what);
    try {
      return decodeUtf8(this.bytes, start, stop);
    } catch {
      throw protocolError(`the ${what} is not valid UTF-8`);
    }
  }
}

/**
 * Decodes one whole message (as the frame decoder returns it); throws `PROTOCOL` for anything malformed
 * and `FRAME_TOO_LARGE` for a metadata section over `maxMetadataBytes`.
 */
export function decodeRpcxMessage(bytes: Uint8Array, maxMetadataBytes = Number.POSITIVE_INFINITY): RpcxMessage {
  if (bytes.byteLength < RPCX_HEADER_BYTES) throw protocolError(`${bytes.byteLength} bytes is shorter than the 16-byte header`);
  if (bytes[0] !== RPCX_MAGIC) throw protocolError(`bad magic byte 0x${bytes[0]!.toString(16).padStart(2, '0')} (expected 0x08)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = RPCX_HEADER_BYTES + view.getUint32(12);
  if (end !== bytes.byteLength) throw protocolError(`the header says ${end - RPCX_HEADER_BYTES} bytes follow it but ${bytes.byteLength - RPCX_HEADER_BYTES} do`);
  const flags = bytes[2]!;
  const reader = new SectionReader(bytes, RPCX_HEADER_BYTES);
  const servicePath = reader.text(end, 'service path');
  const serviceMethod = reader.text(end, 'service method');
  const [metaStart, metaEnd] = reader.section(end, 'metadata');
  if (metaEnd - metaStart > maxMetadataBytes) {
    throw new RpcError('FRAME_TOO_LARGE', `An rpcx message carries ${metaEnd - metaStart} bytes of metadata, over maxMetadataSize (${maxMetadataBytes}); send less metadata or raise maxMetadataSize`);
  }
  const metadata = decodeMetadata(new SectionReader(bytes, metaStart), metaEnd);
  const [payloadStart, payloadEnd] = reader.section(end, 'payload');
  if (payloadEnd !== end) throw protocolError(`${end - payloadEnd} bytes follow the payload section`);
  return {
    response: (flags & RESPONSE_BIT) !== 0,
    heartbeat: (flags & HEARTBEAT_BIT) !== 0,
    oneway: (flags & ONEWAY_BIT) !== 0,
    compressType: (flags >> 2) & 0x07,
    error: (flags & 0x03) === STATUS_ERROR,
    serializeType: bytes[3]! >> 4,
    seq: view.getBigUint64(4),
    servicePath,
    serviceMethod,
    metadata,
    payload: bytes.subarray(payloadStart, payloadEnd),
  };
}

/** Pairs in wire order; a repeated key keeps its last value, and `__proto__` is dropped (it could pollute). */
function decodeMetadata(reader: SectionReader, end: number): Metadata {
  const metadata: Metadata = {};
  while (!reader.done(end)) {
    const key = reader.text(end, 'metadata key');
    const value = reader.text(end, 'metadata value');
    if (key !== '__proto__') metadata[key] = value;
  }
  return metadata;
}

const textEncoder = /* @__PURE__ */ new TextEncoder();

/** UTF-8 length of `text` without encoding it (a lone surrogate becomes U+FFFD, 3 bytes, as TextEncoder does). */
function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) length += 1;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 2; // a pair: 2 UTF-16 units, 4 bytes
      i++;
    } else length += 2;
  }
  return length;
}

/** Writes `text` (of UTF-8 length `length`) at `at`; ASCII, the usual case for names and keys, without TextEncoder. */
function writeText(bytes: Uint8Array, view: DataView, at: number, text: string, length: number): number {
  view.setUint32(at, length);
  if (length === text.length) for (let i = 0; i < length; i++) bytes[at + 4 + i] = text.charCodeAt(i);
  else textEncoder.encodeInto(text, bytes.subarray(at + 4, at + 4 + length));
  return at + 4 + length;
}

/** The bytes of `message`; throws `FRAME_TOO_LARGE` when they exceed `maxBytes`. Strings are written in place. */
export function encodeRpcxMessage(message: RpcxMessage, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  const { servicePath, serviceMethod, metadata, payload } = message;
  const pathLength = utf8Length(servicePath);
  const methodLength = utf8Length(serviceMethod);
  const lengths: number[] = [];
  let metadataLength = 0;
  for (const key in metadata) {
    const keyLength = utf8Length(key);
    const valueLength = utf8Length(metadata[key]!);
    lengths.push(keyLength, valueLength);
    metadataLength += 8 + keyLength + valueLength;
  }
  const rest = 16 + pathLength + methodLength + metadataLength + payload.byteLength;
  const total = RPCX_HEADER_BYTES + rest;
  if (total > maxBytes) throw new RpcError('FRAME_TOO_LARGE', `An rpcx message of ${total} bytes exceeds maxFrameSize (${maxBytes} bytes); send less or raise maxFrameSize on both sides`);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes[0] = RPCX_MAGIC;
  bytes[2] =
    (message.response ? RESPONSE_BIT : 0) | (message.heartbeat ? HEARTBEAT_BIT : 0) | (message.oneway ? ONEWAY_BIT : 0) | ((message.compressType & 0x07) << 2) | (message.error ? STATUS_ERROR : 0);
  bytes[3] = (message.serializeType & 0x0f) << 4;
  view.setBigUint64(4, message.seq);
  view.setUint32(12, rest);
  let at = writeText(bytes, view, RPCX_HEADER_BYTES, servicePath, pathLength);
  at = writeText(bytes, view, at, serviceMethod, methodLength);
  view.setUint32(at, metadataLength);
  at += 4;
  let next = 0;
  for (const key in metadata) {
    at = writeText(bytes, view, at, key, lengths[next++]!);
    at = writeText(bytes, view, at, metadata[key]!, lengths[next++]!);
  }
  view.setUint32(at, payload.byteLength);
  bytes.set(payload, at + 4);
  return bytes;
}
