import type { SendCredit } from './send-credit.js';

/**
 * Moves items from `source` to `send` as fast as `credit` allows, while `wanted()` holds. Resolves
 * `true` when the source finished, `false` when the flow was stopped (the source is then closed).
 * What the source or `send` throw is thrown on, after closing the source.
 */
export async function pumpWithCredit(source: AsyncIterable<unknown>, credit: SendCredit, wanted: () => boolean, send: (item: unknown) => void): Promise<boolean> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      const ready = credit.ready();
      if (!(ready === true || (await ready))) break;
      const step = await iterator.next();
      if (!wanted()) break;
      if (step.done) return true;
      credit.spend();
      send(step.value);
    }
  } catch (error) {
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
    throw error;
  }
  await iterator.return?.();
  return false;
}
