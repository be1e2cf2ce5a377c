import { bombError, corruptError, type Compression } from '../../src/internal.js';

/**
 * Browsers (and any runtime with DecompressionStream): they inflate deflate-raw (and rpcx's gzip) bodies, asynchronously
 * and chunk by chunk, cancelling as soon as the output passes the cap. They do not compress what
 * they send: CompressionStream is asynchronous too, and sends must stay in order and synchronous.
 */
export const streamCompression: Compression = {
  async decompress(bytes, maxBytes, format = 'deflate-raw') {
    const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format)).getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (let step = await reader.read(); !step.done; step = await reader.read()) {
        total += step.value.byteLength;
        if (total > maxBytes) {
          void reader.cancel().catch(() => undefined);
          throw bombError(maxBytes);
        }
        chunks.push(step.value);
      }
    } catch (error) {
      if (total > maxBytes) throw error;
      throw corruptError(error);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  },
};

/** The compression of the browser-safe platform, where the runtime has DecompressionStream. */
export const availableStreamCompression: Compression | undefined = typeof DecompressionStream === 'function' ? streamCompression : undefined;
