import { RpcError } from '../errors.js';

/** The one body compression isorpc speaks: raw DEFLATE (RFC 1951), as both Node and browsers offer it. */
export const DEFLATE_RAW = 'deflate-raw';

/** Formats a platform inflates: raw DEFLATE (isorpc's) and gzip (rpcx's compress type 1). Default deflate-raw. */
export type CompressionFormat = 'deflate-raw' | 'gzip';

/**
 * What a platform offers for compressing bodies. Node has synchronous zlib; browsers only the
 * asynchronous DecompressionStream, so there `compress` is absent (browsers never compress what they
 * send) and `decompress` returns a promise; the connection then holds later frames back until it
 * settles, so frames are never reordered.
 */
export interface Compression {
  /** Compresses `bytes` (deflate-raw unless `format` says gzip); absent where the runtime can only inflate (browsers). */
  compress?(bytes: Uint8Array, format?: CompressionFormat): Uint8Array;
  /** Inflates `bytes`; rejects/throws `FRAME_TOO_LARGE` past `maxBytes`, `PROTOCOL` for corrupt data. */
  decompress(bytes: Uint8Array, maxBytes: number, format?: CompressionFormat): Uint8Array | Promise<Uint8Array>;
}

/** The error for a body that inflates past the cap: a compression bomb stops here. */
export function bombError(maxBytes: number): RpcError {
  return new RpcError('FRAME_TOO_LARGE', `A compressed body inflates to more than ${maxBytes} bytes (maxFrameSize); refused`);
}

/** The error for a body that is not valid deflate-raw (or gzip, where that was asked for). */
export function corruptError(cause: unknown): RpcError {
  return new RpcError('PROTOCOL', `A compressed body could not be inflated: ${(cause as Error)?.message ?? String(cause)}`, { cause });
}
