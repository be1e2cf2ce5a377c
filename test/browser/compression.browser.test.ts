// Chromium inflates compressed replies from the Node server with DecompressionStream, asynchronously,
// without reordering frames.
import { expect, inject, test } from 'vitest';
import { FrameFlag } from '../../src/index.js';
import { connect } from '../../platforms/entries/index.js';

test('compressed replies arrive intact and in order in the browser', async () => {
  let compressed = 0;
  const counter = { name: 'count-compressed', beforeDecode: (data: unknown) => void (((data as Uint8Array)[4]! & FrameFlag.Compressed) !== 0 && compressed++) };
  const client = await connect(inject('wsAddress'), { plugins: [counter] });
  const big = 'compress me '.repeat(20_000);
  expect(await client.call('Contract.echo', big)).toBe(big);
  const values = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? `${i}`.padEnd(4000, '.') : `${i}`));
  expect(await Promise.all(values.map((value) => client.call('Contract.echo', value)))).toEqual(values);
  expect(compressed).toBe(31); // the big echo and the 30 padded values came compressed

  client.close();
});
