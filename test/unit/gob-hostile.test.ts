// Hostile gob: truncated streams, undefined type ids, recursive type definitions, lengths of 2^31, a
// struct declaring 10^6 fields, deep nesting. Each gets a clear RpcError, and a real gob+tcp server
// keeps serving its other connections.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, createServer, type Client, type Server } from '../../platforms/entries/node.js';
import { GobEncoder } from '../../src/protocols/gob/gob-encoder.js';
import { GobWriter } from '../../src/protocols/gob/gob-primitives.js';
import { GobRpcStream } from '../../src/protocols/gob/gob-rpc-stream.js';
import { REQUEST_TYPE } from '../../src/protocols/gob/rpc-messages.js';

/** One gob message: its byte count, then what `build` writes. */
function message(build: (w: GobWriter) => void): Buffer {
  const body = new GobWriter();
  build(body);
  const out = new GobWriter();
  out.uint(body.length);
  out.raw(body.finish());
  return Buffer.from(out.finish());
}

/** A valid `rpc.Request` header (with its type definition, id 65), so what follows is read as the body. */
function header(seq = 1): Buffer {
  return Buffer.from(new GobEncoder({ maxDepth: 8, maxTypes: 8, maxFrameSize: 1 << 20 }).encode([[{ ServiceMethod: 'Arith.Multiply', Seq: seq }, REQUEST_TYPE]]));
}

/** Only the definition of `rpc.Request` (the first message of {@link header}). */
function requestDefinition(): Buffer {
  const bytes = header();
  return bytes.subarray(0, 1 + bytes[0]!);
}

/** The definition of type `id` as a slice (wireType field 2) of `elem`. */
const sliceDef = (id: number, elem: number): Buffer =>
  message((w) => {
    w.int(-id);
    w.uint(2); // SliceT
    w.uint(1); // CommonType
    w.uint(2); // Id
    w.int(id);
    w.uint(0);
    w.uint(1); // Elem
    w.int(elem);
    w.uint(0);
    w.uint(0);
  });

/** A struct definition of type `id` that declares `count` fields and sends none of them. */
const structDeclaring = (id: number, count: number): Buffer =>
  message((w) => {
    w.int(-id);
    w.uint(3); // StructT
    w.uint(1);
    w.uint(2);
    w.int(id);
    w.uint(0);
    w.uint(1); // Field
    w.uint(count);
  });

/** A value of recursive slice type `id` nested `depth` times: [[[…]]]. */
const nestedSlices = (id: number, depth: number): Buffer =>
  message((w) => {
    w.int(id);
    w.uint(0); // singleton
    for (let i = 0; i < depth; i++) w.uint(1);
    w.uint(0);
  });

interface Case {
  name: string;
  bytes: Buffer;
  /** `closed`: the connection must close (the stream cannot go on); otherwise the call gets this error text. */
  outcome: 'closed' | RegExp;
}

const CASES: Case[] = [
  { name: 'a header whose string length runs past its message', bytes: Buffer.concat([requestDefinition(), message((w) => (w.int(65), w.uint(1), w.uint(200)))]), outcome: 'closed' },
  { name: 'a header of a type id never defined', bytes: message((w) => (w.int(99), w.uint(0))), outcome: 'closed' },
  { name: 'a body of a type id never defined', bytes: Buffer.concat([header(), message((w) => (w.int(99), w.uint(0), w.uint(0)))]), outcome: /type id 99 was never defined/ },
  { name: 'a recursive slice type nested 10 000 deep', bytes: Buffer.concat([header(), sliceDef(66, 66), nestedSlices(66, 10_000)]), outcome: /nested deeper than maxDepth/ },
  { name: 'a slice length of 2^31 in a short message', bytes: Buffer.concat([header(), sliceDef(66, 2), message((w) => (w.int(66), w.uint(0), w.uint(2 ** 31)))]), outcome: /2147483648 is over the limit/ },
  { name: 'a string length of 2^31', bytes: Buffer.concat([header(), message((w) => (w.int(6), w.uint(0), w.uint(2 ** 31)))]), outcome: /2147483648 is over the limit/ },
  { name: 'a string longer than what is left of its message', bytes: Buffer.concat([header(), message((w) => (w.int(6), w.uint(0), w.uint(1000)))]), outcome: /string length of 1000 cannot fit in the 0 bytes left/ },
  { name: 'a message length of 2^31', bytes: Buffer.concat([header(), Buffer.from('fc80000000', 'hex')]), outcome: 'closed' },
  { name: 'a struct declaring 10^6 fields', bytes: Buffer.concat([header(), structDeclaring(66, 1_000_000)]), outcome: 'closed' },
  { name: 'a type defined twice', bytes: Buffer.concat([header(), sliceDef(66, 2), sliceDef(66, 2)]), outcome: 'closed' },
  { name: 'a field named __proto__', bytes: Buffer.concat([header(), message((w) => (w.int(-66), w.uint(3), w.uint(1), w.uint(2), w.int(66), w.uint(0), w.uint(1), w.uint(1), w.uint(1), w.string('__proto__'), w.uint(1), w.int(2), w.uint(0), w.uint(0), w.uint(0)))]), outcome: 'closed' },
  { name: 'an integer claiming 9 bytes', bytes: Buffer.concat([header(), message((w) => (w.int(2), w.uint(0), w.byte(0xf7)))]), outcome: /at most 8 are possible/ },
  { name: 'bytes after a value', bytes: Buffer.concat([header(), message((w) => (w.int(2), w.uint(0), w.uint(4), w.uint(9)))]), outcome: /bytes follow a value/ },
];

describe('the gob stream reader refuses hostile input with an RpcError', () => {
  test.each(CASES)('$name', ({ bytes, outcome }) => {
    const stream = new GobRpcStream(1 << 20);
    let result: unknown;
    try {
      result = stream.read(bytes);
    } catch (error) {
      expect(outcome, String(error)).toBe('closed');
      expect(error).toMatchObject({ name: 'RpcError' });
      expect(['PROTOCOL', 'BAD_REQUEST', 'FRAME_TOO_LARGE']).toContain((error as { code: string }).code);
      return;
    }
    expect(outcome).not.toBe('closed');
    const [call] = result as { body: { ok: boolean; error?: { code: string; message: string } } }[];
    expect(call!.body.ok).toBe(false);
    expect(call!.body.error!.code).toBe('BAD_REQUEST');
    expect(call!.body.error!.message).toMatch(outcome as RegExp);
  });

  test('a stream cut inside a message holds the part until more comes, and reads on when it does', () => {
    const stream = new GobRpcStream(1 << 20);
    const whole = Buffer.concat([header(), message((w) => (w.int(2), w.uint(0), w.int(21)))]);
    for (let cut = 1; cut < whole.byteLength; cut++) {
      const fresh = new GobRpcStream(1 << 20);
      expect(fresh.read(whole.subarray(0, cut))).toEqual([]);
      expect(fresh.read(whole.subarray(cut))).toEqual([{ header: { ServiceMethod: 'Arith.Multiply', Seq: 1 }, body: { ok: true, value: 21 } }]);
    }
    expect(stream.read(whole)).toHaveLength(1);
  });
});

describe('a gob+tcp server under hostile input keeps serving its other connections', () => {
  let server: Server;
  let port: number;
  let client: Client;
  beforeAll(async () => {
    server = createServer();
    server.register('Arith', { Multiply: ({ A, B }: { A: number; B: number }) => A * B });
    const address = await server.listen('gob+tcp://127.0.0.1:0');
    port = Number(address.split(':').at(-1));
    client = await connect(address);
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  test.each(CASES)('$name', async ({ bytes, outcome }) => {
    const socket = net.connect(port, '127.0.0.1');
    const reader = new GobRpcStream(1 << 20);
    const replies: unknown[] = [];
    socket.on('data', (chunk: Buffer) => replies.push(...reader.read(chunk)));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(bytes);
    if (outcome === 'closed') {
      await closed;
      expect(replies).toEqual([]);
    } else {
      while (replies.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const { header } = (replies as { header: { Error: string } }[])[0]!;
      expect(header.Error).toMatch(/^reading body gob: /);
      expect(header.Error).toMatch(outcome);
      socket.destroy();
    }
    expect(await client.call('Arith.Multiply', { A: 6, B: 7 })).toBe(42);
  });

  test('a client that sends half a message and hangs up leaves nothing behind', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const peers = server.peers.size;
    socket.end(header().subarray(0, 10));
    await new Promise((resolve) => socket.once('close', resolve));
    for (let waited = 0; server.peers.size >= peers && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.peers.size).toBe(peers - 1);
    expect(await client.call('Arith.Multiply', { A: 2, B: 2 })).toBe(4);
  });
});
