// What values travel, row by row as docs/guide/calls.md#what-values-travel states them: each value is
// echoed by a real server over TCP with msgpack, over TCP with JSON, and over a MessagePort
// (structured clone), as an argument and as a reply. A value a codec cannot carry is refused with a
// clear error (BAD_REQUEST for an argument, INTERNAL for a reply), never sent as `{}`.
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, connectPort, createServer, isRpcError, type Client, type Server } from '../../platforms/entries/node.js';

type Way = 'msgpack' | 'json' | 'port';
const WAYS: readonly Way[] = ['msgpack', 'json', 'port'];

let server: Server;
let channel: MessageChannel;
const clients = {} as Record<Way, Client>;
/** What the server's `make` handler returns, by name: replies are checked with the same values. */
const made = new Map<string, () => unknown>();

beforeAll(async () => {
  server = createServer()
    .handle('echo', (value) => value)
    .handle('make', (name: string) => made.get(name)!())
    .handle('items', async function* (name: string) {
      yield 'first';
      yield made.get(name)!();
    });
  const address = await server.listen('tcp://127.0.0.1:0');
  channel = new MessageChannel();
  server.accept(channel.port2);
  clients.msgpack = await connect(address);
  clients.json = await connect(address, { codec: 'json' });
  clients.port = await connectPort(channel.port1);
});

afterAll(async () => {
  for (const client of Object.values(clients)) client.close();
  channel.port1.close();
  await server.close();
});

class Point {
  readonly x = 1;
  get norm(): number {
    return this.x;
  }
  scale(): void {}
}

/** Echoes `value` as an argument, and asks for it as a reply; both must agree. */
async function travel(way: Way, name: string, value: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; code: string; message: string }> {
  made.set(name, value);
  const settle = async (promise: Promise<unknown>) => {
    try {
      return { ok: true as const, value: await promise };
    } catch (error) {
      if (!isRpcError(error)) throw error;
      return { ok: false as const, code: error.code, message: error.message };
    }
  };
  const asArgument = await settle(clients[way].call('echo', value()));
  const asReply = await settle(clients[way].call('make', name));
  if (asArgument.ok) {
    expect(asReply).toEqual(asArgument);
    return asArgument;
  }
  // A reply the server cannot encode is the server's failure: INTERNAL, with the same reason.
  expect(asArgument.code).toBe('BAD_REQUEST');
  expect(asReply).toMatchObject({ ok: false, code: 'INTERNAL' });
  // "Could not encode the body for echo with msgpack: <reason>; send plain data …" → <reason>
  const reason = /^Could not (?:encode the body|post the message) for echo(?: with \w+)?: (.*?)(?:; send .*)?$/s.exec(asArgument.message)?.[1];
  expect(reason, asArgument.message).toBeDefined();
  expect((asReply as { message: string }).message).toContain(reason);
  return asArgument;
}

const arrivesAs = async (way: Way, name: string, value: () => unknown, expected: unknown): Promise<void> => {
  const result = await travel(way, name, value);
  expect(result, `${name} over ${way}`).toEqual({ ok: true, value: expected });
};

const refused = async (way: Way, name: string, value: () => unknown, reason: RegExp): Promise<void> => {
  const result = await travel(way, name, value);
  expect(result, `${name} over ${way}`).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  expect((result as { message: string }).message).toMatch(reason);
};

describe('what values travel (docs/guide/calls.md)', () => {
  test('objects, arrays, strings, numbers, booleans and null arrive as sent everywhere', async () => {
    const plain = { s: 'héllo', n: -1.5, i: 2 ** 40, t: true, f: false, z: null, list: [1, 'two', { three: [3] }], empty: {} };
    for (const way of WAYS) await arrivesAs(way, 'plain', () => plain, plain);
  });

  test('NaN and Infinity: as sent with msgpack and on ports, null with JSON', async () => {
    const special = () => [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    await arrivesAs('msgpack', 'special', special, special());
    await arrivesAs('port', 'special', special, special());
    await arrivesAs('json', 'special', special, [null, null, null]);
  });

  test('undefined: left out of objects and null in arrays with msgpack and JSON, kept on ports', async () => {
    for (const way of ['msgpack', 'json'] as const) {
      const result = await travel(way, 'undefineds', () => ({ a: undefined, b: 1, list: [undefined, 2] }));
      expect(result).toEqual({ ok: true, value: { b: 1, list: [null, 2] } });
      expect(Object.keys((result as { value: object }).value)).toEqual(['b', 'list']);
    }
    const kept = await travel('port', 'undefineds', () => ({ a: undefined, b: 1, list: [undefined, 2] }));
    expect(Object.keys((kept as { value: object }).value)).toEqual(['a', 'b', 'list']);
    expect((kept as { value: { list: unknown[] } }).value.list).toEqual([undefined, 2]);
  });

  test('a Date: a Date with msgpack and on ports, its ISO string with JSON', async () => {
    const date = () => new Date(Date.UTC(2026, 11, 2, 13, 37, 0, 123));
    await arrivesAs('msgpack', 'date', date, date());
    await arrivesAs('port', 'date', date, date());
    await arrivesAs('json', 'date', date, '2026-12-02T13:37:00.123Z');
  });

  test('bytes: a Uint8Array (or Buffer) arrives as a Uint8Array with msgpack and on ports, and is refused by JSON', async () => {
    for (const way of ['msgpack', 'port'] as const) {
      for (const [name, bytes] of [['u8', () => Uint8Array.of(1, 2, 250)], ['buffer', () => Buffer.from([1, 2, 250])]] as const) {
        const result = (await travel(way, name, bytes)) as { ok: true; value: Uint8Array };
        expect(result.value).toBeInstanceOf(Uint8Array);
        expect([...result.value]).toEqual([1, 2, 250]);
      }
    }
    await refused('json', 'u8', () => Uint8Array.of(1), /JSON cannot carry a Uint8Array .*send bytes with msgpack/);
    await refused('json', 'buffer', () => ({ nested: Buffer.from([1]) }), /JSON cannot carry a Uint8Array/);
  });

  test('other typed arrays and DataView: their bytes as a Uint8Array with msgpack, as sent on ports, refused by JSON', async () => {
    const floats = () => Float64Array.of(1.5);
    const bytes = (await travel('msgpack', 'floats', floats)) as { value: Uint8Array };
    expect(bytes.value).toBeInstanceOf(Uint8Array);
    expect(new Float64Array(bytes.value.slice().buffer)[0]).toBe(1.5);
    await arrivesAs('port', 'floats', floats, floats());
    await refused('json', 'floats', floats, /JSON cannot carry a Float64Array/);
    await refused('json', 'view', () => new DataView(new ArrayBuffer(2)), /JSON cannot carry a DataView/);
  });

  test('an instance of a class arrives as a plain object of its own properties everywhere', async () => {
    for (const way of WAYS) {
      const result = (await travel(way, 'point', () => new Point())) as { value: object };
      expect(result.value).toEqual({ x: 1 });
      expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    }
  });

  test('Map, Set, ArrayBuffer, Error and RegExp: refused by msgpack and JSON (they would arrive as {}), as sent on ports', async () => {
    const values: Array<[string, () => unknown, string]> = [
      ['map', () => ({ inside: new Map([['a', 1]]) }), 'a Map'],
      ['set', () => [new Set([1])], 'a Set'],
      ['arraybuffer', () => new ArrayBuffer(4), 'an ArrayBuffer'],
      ['error', () => ({ failed: new Error('no') }), 'an Error'],
      ['regexp', () => /x/g, 'a RegExp'],
    ];
    for (const [name, value, what] of values) {
      for (const way of ['msgpack', 'json'] as const) {
        await refused(way, name, value, new RegExp(`${way === 'json' ? 'JSON' : 'msgpack'} cannot carry ${what} \\(it would arrive as \\{\\}\\): convert it`));
      }
      const cloned = (await travel('port', name, value)) as { ok: boolean; value: unknown };
      expect(cloned.ok, name).toBe(true);
    }
    const map = (await travel('port', 'map', values[0]![1])) as { value: { inside: Map<string, number> } };
    expect(map.value.inside).toEqual(new Map([['a', 1]]));
    const error = (await travel('port', 'error', values[3]![1])) as { value: { failed: Error } };
    expect(error.value.failed).toBeInstanceOf(Error);
    expect(error.value.failed.message).toBe('no');
  });

  test('BigInt: refused by msgpack and JSON, as sent on ports', async () => {
    await refused('msgpack', 'bigint', () => 2n ** 70n, /BigInt/);
    await refused('json', 'bigint', () => 2n ** 70n, /BigInt/);
    await arrivesAs('port', 'bigint', () => 2n ** 70n, 2n ** 70n);
  });

  test('functions, symbols and promises are refused everywhere, also inside objects', async () => {
    for (const way of WAYS) {
      await refused(way, 'function', () => ({ callback: () => 1 }), /function|could not be cloned/i);
      await refused(way, 'symbol', () => ({ tag: Symbol('t') }), /symbol|could not be cloned/i);
      await refused(way, 'promise', () => ({ later: Promise.resolve(1) }), /Promise|could not be cloned/);
    }
  });

  test('an object that contains itself: refused by msgpack and JSON, as sent on ports', async () => {
    const cyclic = () => {
      const node: Record<string, unknown> = { name: 'loop' };
      node.self = node;
      return node;
    };
    await refused('msgpack', 'cyclic', cyclic, /too deep/i);
    await refused('json', 'cyclic', cyclic, /circular/i);
    const cloned = (await travel('port', 'cyclic', cyclic)) as { value: { self: unknown } };
    expect(cloned.value.self).toBe(cloned.value);
  });

  test('a stream item that cannot travel ends the stream with INTERNAL naming it, after the items before it', async () => {
    const cases: Array<[Way, string, () => unknown, RegExp]> = [
      ['msgpack', 'item-map', () => new Map([['a', 1]]), /msgpack cannot carry a Map/],
      ['json', 'item-set', () => new Set([1]), /JSON cannot carry a Set/],
      ['port', 'item-function', () => () => 1, /could not be cloned/],
    ];
    for (const [way, name, value, reason] of cases) {
      made.set(name, value);
      const received: unknown[] = [];
      const stream = clients[way].stream('items', name);
      let failure: unknown;
      try {
        for await (const item of stream) received.push(item);
      } catch (error) {
        failure = error;
      }
      expect(received, way).toEqual(['first']);
      expect(failure, way).toMatchObject({ name: 'RpcError', code: 'INTERNAL' });
      expect((failure as Error).message).toMatch(/^An item of items could not be sent: /);
      expect((failure as Error).message).toMatch(reason);
    }
  });

  test('after every refusal the same connections keep serving', async () => {
    for (const way of WAYS) expect(await clients[way].call('echo', { still: way })).toEqual({ still: way });
  });
});
