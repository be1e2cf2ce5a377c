// The pieces the etcd, ZooKeeper and Redis sources share (src/cluster/), and the Redis value codec,
// checked on their own: emission batching and the merge-only read, the retry loop, the keyspace
// notification flags, and libkv's value format.
import { describe, expect, test } from 'vitest';
import { createRetryLoop, ServiceSet, type ServiceInstance } from '../../src/internal.js';
import { decodeEntry, encodeEntry, globEscape, redisKey } from '../../platforms/redis/redis-client.js';
import { missingKeyspaceFlags } from '../../platforms/redis/redis-notifications.js';
import { eventually } from './helpers.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ServiceSet', () => {
  test('tells listeners once per burst, only on change; merge adds and updates without dropping', async () => {
    const set = new ServiceSet();
    const seen: ServiceInstance[][] = [];
    set.add((instances) => seen.push([...instances]));
    set.set('tcp@a:1', 'weight=2');
    set.set('tcp@b:1', '');
    await tick();
    expect(seen).toEqual([[{ address: 'tcp@a:1', metadata: { weight: '2' } }, { address: 'tcp@b:1', metadata: {} }]]);
    set.replace(new Map([['tcp@a:1', 'weight=2'], ['tcp@b:1', '']]));
    await tick();
    expect(seen).toHaveLength(1);
    set.merge(new Map([['tcp@c:1', 'group=x']]));
    await tick();
    expect(seen.at(-1)?.map((i) => i.address)).toEqual(['tcp@a:1', 'tcp@b:1', 'tcp@c:1']);
    set.replace(new Map([['tcp@c:1', 'group=x']]));
    set.delete('tcp@c:1');
    await tick();
    expect(seen.at(-1)).toEqual([]);
    expect(seen).toHaveLength(3);
  });

  test('a listener added after the set is known hears it at once; nothing is told after stop()', async () => {
    const set = new ServiceSet();
    set.replace(new Map());
    await tick();
    const late: number[] = [];
    set.add((instances) => late.push(instances.length));
    expect(late).toEqual([0]);
    set.stop();
    set.set('tcp@a:1', '');
    await tick();
    expect(late).toEqual([0]);
  });
});

describe('createRetryLoop', () => {
  test('retries a failing task after a backoff, reporting each failure, until it succeeds', async () => {
    const errors: string[] = [];
    let runs = 0;
    const loop = createRetryLoop(
      async () => {
        runs++;
        if (runs < 3) throw new Error(`attempt ${runs}`);
      },
      { maxDelay: 100, onError: (error) => errors.push(error.message) },
    );
    loop.run();
    expect(await eventually(() => runs === 3, 3000)).toBe(true);
    expect(errors).toEqual(['attempt 1', 'attempt 2']);
    loop.stop();
  });

  test('a run requested while one is in flight runs once more afterwards; stop() ends it', async () => {
    let release: () => void = () => undefined;
    let runs = 0;
    const loop = createRetryLoop(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    loop.run();
    loop.run();
    loop.run();
    await tick();
    expect(runs).toBe(1);
    release();
    expect(await eventually(() => runs === 2)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(2);
    loop.stop();
    loop.run();
    await tick();
    expect(runs).toBe(2);
    expect(loop.stopped).toBe(true);
  });
});

describe('Redis keyspace flags and values', () => {
  test('adds only the missing notification flags, understanding the A alias', () => {
    expect(missingKeyspaceFlags('')).toBe('K$gx');
    expect(missingKeyspaceFlags('KEA')).toBe('');
    expect(missingKeyspaceFlags('AK')).toBe('');
    expect(missingKeyspaceFlags('Ex')).toBe('K$g');
    expect(missingKeyspaceFlags('K$')).toBe('gx');
  });

  test("reads libkv's JSON (base64 Value), a null Value, and a bare query; writes what rpcx reads", () => {
    expect(decodeEntry('{"Key":"/rpcx/Arith/tcp@a:1","Value":"d2VpZ2h0PTM=","LastIndex":7}')).toBe('weight=3');
    expect(decodeEntry('{"Key":"/rpcx/Arith/tcp@a:1","Value":null,"LastIndex":7}')).toBe('');
    expect(decodeEntry('weight=1&group=x')).toBe('weight=1&group=x');
    expect(decodeEntry('{not json')).toBe('{not json');
    const stored = JSON.parse(encodeEntry('/rpcx/Arith/tcp@a:1', 'state=inactive')) as { Key: string; Value: string; LastIndex: number };
    expect(stored.Key).toBe('/rpcx/Arith/tcp@a:1');
    expect(Buffer.from(stored.Value, 'base64').toString()).toBe('state=inactive');
    expect(Number.isInteger(stored.LastIndex)).toBe(true);
    expect(redisKey('/rpcx/Arith/tcp@a:1')).toBe('//rpcx/Arith/tcp@a:1');
    expect(globEscape('/a*b?[c]\\d')).toBe('/a\\*b\\?\\[c\\]\\\\d');
  });
});
