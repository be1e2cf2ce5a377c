// The byte-level example in docs/PROTOCOL.md is what the encoder really produces.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { FrameType, createMsgpackCodec, isorpcProtocol } from '../../src/internal.js';

const doc = readFileSync(new URL('../../docs/PROTOCOL.md', import.meta.url), 'utf8');
const hexRun = (text: string): string => (text.match(/\b[0-9a-f]{2}\b/g) ?? []).join(' ');

test('the request and reply bytes in docs/PROTOCOL.md match the encoder', () => {
  const example = doc.slice(doc.indexOf('## Example'));
  const block = /```\n([\s\S]*?)```/.exec(example)![1]!;
  const requestHex = block
    .split('\n')
    .map((line) => hexRun(line.split(/\s{2,}/)[0] ?? ''))
    .filter(Boolean)
    .join(' ');
  const replyHex = hexRun(/The reply: `([^`]+)`/.exec(example)![1]!);
  const msgpack = createMsgpackCodec();
  const request = isorpcProtocol.encodeFrame(
    { type: FrameType.Request, flags: 0, seq: 1, method: 'Arith.add', metadata: undefined, timeout: 30_000, codec: 1, body: undefined },
    msgpack.encode({ a: 1, b: 2 }).slice(),
    true,
  );
  const reply = isorpcProtocol.encodeFrame({ type: FrameType.Response, flags: 0, seq: 1, method: '', metadata: undefined, timeout: 0, codec: 1, body: undefined }, msgpack.encode(3).slice(), true);
  expect(requestHex).toBe(hexRun(Buffer.from(request).toString('hex').replace(/(..)/g, '$1 ')));
  expect(replyHex).toBe(hexRun(Buffer.from(reply).toString('hex').replace(/(..)/g, '$1 ')));
});
