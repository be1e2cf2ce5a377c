// Retry delays: the exponential cap, full jitter below it, and a sleep that aborts.
import { describe, expect, test } from 'vitest';
import { backoffCap, backoffDelay, isRpcError, type RpcError } from '../../platforms/entries/node.js';
import { sleep } from '../../src/cluster/backoff.js';
import { seededRandom } from './helpers.js';

describe('backoff', () => {
  test('the cap doubles from 10 ms and stops at 1 s by default', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((retry) => backoffCap(retry))).toEqual([10, 20, 40, 80, 160, 320, 640, 1000, 1000]);
    expect(backoffCap(3, { initialDelay: 100, multiplier: 3, maxDelay: 10_000 })).toBe(900);
  });

  test('delays are spread uniformly below the cap (full jitter)', () => {
    const random = seededRandom(11);
    const delays = Array.from({ length: 5000 }, () => backoffDelay(5, {}, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(160);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(70);
    expect(mean).toBeLessThan(90);
    expect(backoffDelay(5, {}, () => 0)).toBe(0);
    expect(backoffDelay(5, {}, () => 0.999_999)).toBe(159);
  });

  test('sleep rejects at once with an RpcError when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal).catch((error: unknown) => error);
    controller.abort();
    const error = (await pending) as RpcError;
    expect(isRpcError(error)).toBe(true);
    expect(error.code).toBe('CANCELLED');
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
