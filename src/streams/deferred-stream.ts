import type { RpcStream } from './stream-receiver.js';

/**
 * An RpcStream available at once whose items come from a stream opened asynchronously (e.g. after
 * a cluster client has picked and connected a server). Failing to open fails the first `next()`.
 */
export class DeferredStream<T> implements RpcStream<T> {
  private readonly inner: Promise<RpcStream<T>>;

  constructor(open: () => Promise<RpcStream<T>>) {
    this.inner = open();
    this.inner.catch(() => undefined); // reported by next()
  }

  async next(): Promise<IteratorResult<T>> {
    return (await this.inner).next();
  }

  async return(): Promise<IteratorResult<T>> {
    try {
      return await (await this.inner).return();
    } catch {
      return { value: undefined, done: true };
    }
  }

  throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  cancel(): void {
    void this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
