import { RpcError } from '../../errors.js';
import { checkDepth } from '../../codec/depth-limit.js';
import type { Codec, CodecLimits } from '../../codec/codec.js';
import { createJsonCodec } from '../../codec/json-codec.js';
import { createMsgpackCodec } from '../../codec/msgpack-codec.js';
import { encodeUtf8 } from '../../codec/utf8.js';
import { RpcxSerializeType } from './message.js';

/** A codec you plug in for rpcx's protobuf or thrift serialize types: values ⇄ payload bytes. */
export interface RpcxPayloadCodec {
  /** Serialises a value to payload bytes. */
  encode(value: unknown): Uint8Array;
  /** Parses payload bytes back to a value. */
  decode(bytes: Uint8Array): unknown;
}

/** The payload codecs isorpc does not ship, by serialize type name. */
export interface RpcxPayloadCodecs {
  /** The codec for serialize type 2 (protobuf). */
  protobuf?: RpcxPayloadCodec;
  /** The codec for serialize type 4 (thrift). */
  thrift?: RpcxPayloadCodec;
}

/** The serialize types by name, as options take them. */
export type RpcxSerializeName = 'raw' | 'json' | 'protobuf' | 'msgpack' | 'thrift';

const BY_NAME: Readonly<Record<RpcxSerializeName, number>> = { raw: 0, json: 1, protobuf: 2, msgpack: 3, thrift: 4 };
const NAMES = ['raw', 'json', 'protobuf', 'msgpack', 'thrift'];

/** The wire number of a serialize type name; throws a TypeError naming the accepted ones. */
export function serializeTypeOf(name: RpcxSerializeName): number {
  if (!Object.hasOwn(BY_NAME, name)) throw new TypeError(`Unknown rpcx serializeType ${JSON.stringify(name)}: use one of ${NAMES.join(', ')}`);
  return BY_NAME[name];
}

/**
 * Encodes and decodes payloads by serialize type: raw bytes (0), JSON (1) and msgpack (3) built in,
 * protobuf (2) and thrift (4) only with a plugged codec. Decoding failures are `BAD_REQUEST`.
 */
export class RpcxPayloads {
  private readonly codecs = new Map<number, Codec | RpcxPayloadCodec>();

  constructor(
    limits: CodecLimits,
    private readonly maxDepth: number,
    plugged: RpcxPayloadCodecs = {},
  ) {
    this.codecs.set(RpcxSerializeType.Json, createJsonCodec(limits));
    this.codecs.set(RpcxSerializeType.MsgPack, createMsgpackCodec(limits));
    if (plugged.protobuf !== undefined) this.codecs.set(RpcxSerializeType.Protobuf, plugged.protobuf);
    if (plugged.thrift !== undefined) this.codecs.set(RpcxSerializeType.Thrift, plugged.thrift);
  }

  /** The payload of `value` in serialize type `type`; a fresh copy the caller may keep. */
  encode(type: number, value: unknown): Uint8Array {
    if (type === RpcxSerializeType.Raw) return rawBytes(value);
    const codec = this.codec(type);
    try {
      // Go's nil is JSON `null` / msgpack nil; the msgpack codec returns a view into a reused buffer.
      return codec.encode(value === undefined ? null : value).slice();
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `The value could not be encoded as rpcx ${NAMES[type]}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The value in `bytes`; an empty payload is `undefined` (Go sends none for a nil reply). Raw payloads stay bytes. */
  decode(type: number, bytes: Uint8Array): unknown {
    // A copy, as a plain Uint8Array (a Node Buffer's slice() would be a view into the read's chunk).
    if (type === RpcxSerializeType.Raw) return new Uint8Array(bytes);
    const codec = this.codec(type);
    if (bytes.byteLength === 0) return undefined;
    try {
      return checkDepth(codec.decode(bytes), this.maxDepth);
    } catch (error) {
      throw new RpcError('BAD_REQUEST', `An rpcx ${NAMES[type]} payload could not be decoded: ${(error as Error).message}`, { cause: error });
    }
  }

  private codec(type: number): Codec | RpcxPayloadCodec {
    const codec = this.codecs.get(type);
    if (codec !== undefined) return codec;
    if (type === RpcxSerializeType.Protobuf || type === RpcxSerializeType.Thrift) {
      throw new RpcError('BAD_REQUEST', `rpcx serialize type ${NAMES[type]} (${type}) needs a codec: pass payloadCodecs: { ${NAMES[type]}: { encode, decode } }, or call with JSON or msgpack`);
    }
    throw new RpcError('BAD_REQUEST', `Unknown rpcx serialize type ${type}: rpcx defines 0 raw, 1 JSON, 2 protobuf, 3 msgpack, 4 thrift`);
  }
}

/** Raw (serialize type 0) carries bytes: a Uint8Array as it is, a string as UTF-8, nothing as empty. */
function rawBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return encodeUtf8(value);
  if (value === undefined || value === null) return new Uint8Array(0);
  throw new RpcError('BAD_REQUEST', `rpcx serialize type raw carries bytes, not a ${typeof value}: pass a Uint8Array or a string, or use JSON or msgpack`);
}
