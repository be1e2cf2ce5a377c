import zlib from 'node:zlib';
import { bombError, corruptError, type Compression } from '../../src/internal.js';

/** deflate-raw (and gzip for rpcx) with synchronous zlib; `maxOutputLength` stops a compression bomb at the cap. */
export const nodeCompression: Compression = {
  compress: (bytes, format) => (format === 'gzip' ? zlib.gzipSync(bytes, { level: 6 }) : zlib.deflateRawSync(bytes, { level: 6 })),
  decompress(bytes, maxBytes, format) {
    try {
      const options = { maxOutputLength: Math.max(1, maxBytes) };
      return format === 'gzip' ? zlib.gunzipSync(bytes, options) : zlib.inflateRawSync(bytes, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw bombError(maxBytes);
      throw corruptError(error);
    }
  },
};
