// Golden bytes from Go 1.19 (test/fixtures/wire-vectors/gob-tcp.hex and gob-http.hex, copied from shared/wire-vectors): every line, one TCP
// read, decodes to the values that folder's README lists, and those values with their Go types encode
// to the same bytes, type definitions included (the first time a type appears on the connection).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { connect, createServer, gob, type GobType } from '../../platforms/entries/node.js';
import { createHeaderFrameDecoder } from '../../src/framing/header-frame-decoder.js';
import { GobDecoder } from '../../src/protocols/gob/gob-decoder.js';
import { GobEncoder } from '../../src/protocols/gob/gob-encoder.js';
import { gobFrameSpec, messageBody } from '../../src/protocols/gob/gob-primitives.js';
import { EMPTY_STRUCT, REQUEST_TYPE, RESPONSE_TYPE } from '../../src/protocols/gob/rpc-messages.js';

// shared/ lies beside the repository (in CI and in the main checkout); worktrees find it at /work.
// Copies of the shared captures live in test/fixtures/wire-vectors/, like the arpc and rpcx ones.
const VECTORS = fileURLToPath(new URL('../fixtures/wire-vectors/', import.meta.url));
const ARGS = gob.struct('Args', { A: gob.int, B: gob.int });
const QUOTIENT = gob.struct('Quotient', { Quo: gob.int, Rem: gob.int });
const LIMITS = { maxDepth: 64, maxLength: 1 << 20, maxTypes: 64, maxFields: 64, maxFrameSize: 1 << 20 };

type Pair = readonly [header: Record<string, unknown>, headerType: GobType, body: unknown, bodyType: GobType];
const request = (method: string, seq: number, body: unknown, type: GobType): Pair => [{ ServiceMethod: method, Seq: seq }, REQUEST_TYPE, body, type];
const response = (method: string, seq: number, error: string, body: unknown, type: GobType): Pair => [{ ServiceMethod: method, Seq: seq, Error: error }, RESPONSE_TYPE, body, type];

/** The calls of the README, one header/body pair per line, in the order the lines alternate. */
const CALLS: readonly (readonly [Pair, Pair])[] = [
  [request('Arith.Multiply', 0, { A: 7, B: 8 }, ARGS), response('Arith.Multiply', 0, '', 56, gob.int)],
  [request('Arith.Divide', 1, { A: 17, B: 5 }, ARGS), response('Arith.Divide', 1, '', { Quo: 3, Rem: 2 }, QUOTIENT)],
  [request('Arith.Divide', 2, { A: 1, B: 0 }, ARGS), response('Arith.Divide', 2, 'divide by zero', {}, EMPTY_STRUCT)],
  [request('Text.Upper', 3, 'héllo', gob.string), response('Text.Upper', 3, '', 'HÉLLO', gob.string)],
  [request('Arith.Nope', 4, { A: 1, B: 2 }, ARGS), response('Arith.Nope', 4, "rpc: can't find method Arith.Nope", {}, EMPTY_STRUCT)],
  [request('Arith.Multiply', 5, { A: 6, B: 7 }, ARGS), response('Arith.Multiply', 5, '', 42, gob.int)],
];

function lines(file: string): { client: boolean; bytes: Buffer }[] {
  return readFileSync(VECTORS + file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [direction, hex] = line.split(' ');
      return { client: direction!.startsWith('client'), bytes: Buffer.from(hex!, 'hex') };
    });
}

/** The decoded values of the gob lines, per direction, and the encoded bytes of the expected pairs. */
function check(gobLines: { client: boolean; bytes: Buffer }[]): void {
  const sides = [true, false].map(() => ({
    frames: createHeaderFrameDecoder(gobFrameSpec, LIMITS.maxFrameSize),
    decoder: new GobDecoder(LIMITS),
    encoder: new GobEncoder(LIMITS),
  }));
  const expected = CALLS.flat();
  gobLines.forEach(({ client, bytes }, index) => {
    const side = sides[client ? 0 : 1]!;
    const pair = expected[index]!;
    const values = side.frames.decode(bytes).flatMap((frame) => {
      const message = side.decoder.read(messageBody(frame));
      return message.kind === 'value' ? [message.value] : [];
    });
    expect(values, `line ${index + 1}`).toEqual([pair[0], pair[2]]);
    const encoded = side.encoder.encode([
      [pair[0], pair[1]],
      [pair[2], pair[3]],
    ]);
    expect(Buffer.from(encoded).toString('hex'), `line ${index + 1}`).toBe(bytes.toString('hex'));
  });
}

describe('golden gob bytes from Go 1.19', () => {
  test('gob-tcp.hex: every line decodes to the calls and replies of the README, and encodes back byte for byte', () => {
    const all = lines('gob-tcp.hex');
    expect(all).toHaveLength(12);
    check(all);
  });

  test('gob-http.hex: the CONNECT handshake, then the same gob stream', () => {
    const [connectLine, answer, ...rest] = lines('gob-http.hex');
    expect(connectLine!.bytes.toString('latin1')).toBe('CONNECT /_goRPC_ HTTP/1.0\n\n');
    expect(answer!.bytes.toString('latin1')).toBe('HTTP/1.0 200 Connected to Go RPC\n\n');
    check(rest);
  });

  test("isorpc's gob+http client sends Go's CONNECT byte for byte, and the server answers as Go does", async () => {
    const [connectLine, answer] = lines('gob-http.hex');
    const seen: Buffer[] = [];
    const fake = net.createServer((socket) => {
      socket.once('data', (chunk: Buffer) => {
        seen.push(chunk);
        socket.write(answer!.bytes);
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const client = await connect(`gob+http://127.0.0.1:${(fake.address() as net.AddressInfo).port}`);
    expect(Buffer.concat(seen).toString('latin1')).toBe(connectLine!.bytes.toString('latin1'));
    client.close();
    await new Promise((resolve) => fake.close(resolve));

    const server = createServer();
    const address = await server.listen('gob+http://127.0.0.1:0');
    const port = Number(/:(\d+)\//.exec(address)![1]);
    const socket = net.connect(port, '127.0.0.1');
    socket.write(connectLine!.bytes);
    const reply = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    expect(reply.toString('latin1')).toBe(answer!.bytes.toString('latin1'));
    socket.destroy();
    await server.close();
  });
});
