// Chromium inflates compressed replies from the Node server with DecompressionStream, asynchronously,
// without reordering frames.
import { expect, inject, test } from 'vitest';
import { FrameFlag } from '../../src/index.js';
import { isBatch, splitBatch } from '../../src/isorpc/frame-batch.js';
import { connect } from '../../platforms/entries/index.js';

test('compressed replies arrive intact and in order in the browser', async () => {
  let compressed = 0;
  // A WebSocket message is one frame, or a coalesced batch of frames (docs/PROTOCOL.md): count frames.
  const framesOf = (message: Uint8Array): Uint8Array[] => (isBatch(message) ? splitBatch(message, 64 << 20) : [message]);
  const counter = {
    name: 'count-compressed',
    beforeDecode: (data: unknown) => {
      for (const frame of framesOf(data as Uint8Array)) if ((frame[4]! & FrameFlag.Compressed) !== 0) compressed++;
    },
  };
  const client = await connect(inject('wsAddress'), { plugins: [counter] });
  const big = 'compress me '.repeat(20_000);
  expect(await client.call('Contract.echo', big)).toBe(big);
  const values = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? `${i}`.padEnd(4000, '.') : `${i}`));
  expect(await Promise.all(values.map((value) => client.call('Contract.echo', value)))).toEqual(values);
  expect(compressed).toBe(31); // the big echo and the 30 padded values came compressed

  client.close();
});
