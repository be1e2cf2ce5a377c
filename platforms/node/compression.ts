import zlib from 'node:zlib';
import { bombError, corruptError, type Compression } from '../../src/internal.js';

/** deflate-raw with synchronous zlib; `maxOutputLength` stops a compression bomb at the cap. */
export const nodeCompression: Compression = {
  compress: (bytes) => zlib.deflateRawSync(bytes, { level: 6 }),
  decompress(bytes, maxBytes) {
    try {
      return zlib.inflateRawSync(bytes, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw bombError(maxBytes);
      throw corruptError(error);
    }
  },
};
