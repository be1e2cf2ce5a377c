import type { RpcStream } from './stream-receiver.js';

/**
 * A stream whose call starts later (a reconnecting client waiting for its connection): iteration
 * waits for the real stream; cancelling before it exists cancels it as soon as it does.
 */
export class DeferredStream<T> implements RpcStream<T> {
  private cancelled = false;

  constructor(private readonly inner: Promise<RpcStream<T>>) {
    inner.then((stream) => this.cancelled && stream.cancel(), () => undefined);
  }

  async next(): Promise<IteratorResult<T>> {
    if (this.cancelled) return { done: true, value: undefined };
    return (await this.inner).next();
  }

  async return(): Promise<IteratorResult<T>> {
    this.cancel();
    return { done: true, value: undefined };
  }

  async throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.inner.then((stream) => stream.cancel(), () => undefined);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
