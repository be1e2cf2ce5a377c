import { RpcError } from '../../errors.js';

import type { RpcStream } from '../../core/peer-types.js';

export type { RpcStream };

/** What a receiver tells its connection. */
export interface ReceiverEvents {
  /** The consumer took `count` items out: grant the producer that much more credit. */
  credit(count: number): void;
  /** The consumer stopped early (`break`, `return()`, `cancel()`). */
  cancel(): void;
}

/**
 * The receiving half of a stream. It holds at most `window` items: credit is granted back only for
 * items the consumer has taken out, half a window at a time, so a slow consumer stops the producer
 * after one window and memory stays bounded.
 */
export class StreamReceiver<T> implements RpcStream<T> {
  private items: T[] = [];
  private head = 0;
  private taken = 0;
  private finished = false;
  private failure: RpcError | undefined;
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: RpcError) => void } | undefined;

  constructor(
    private readonly window: number,
    private readonly events: ReceiverEvents,
  ) {}

  /** Items received and not yet consumed. */
  get buffered(): number {
    return this.items.length - this.head;
  }

  /** True once the stream ended, failed or was cancelled. */
  get done(): boolean {
    return this.finished;
  }

  push(item: T): void {
    if (this.finished) return;
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      this.consumed();
      waiting.resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
  }

  /** The producer finished; items already buffered are still delivered. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.settleWaiting();
  }

  /** The stream failed; buffered items are still delivered, then `error` is thrown. */
  fail(error: RpcError): void {
    if (this.finished) return;
    this.finished = true;
    this.failure = error;
    this.settleWaiting();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.consumed();
      return Promise.resolve({ value, done: false });
    }
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.cancel();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  cancel(): void {
    const wasRunning = !this.finished;
    this.items = [];
    this.head = 0;
    this.finished = true;
    this.failure = undefined;
    this.settleWaiting();
    if (wasRunning) this.events.cancel();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private consumed(): void {
    if (this.finished) return;
    if (++this.taken * 2 >= this.window) {
      this.events.credit(this.taken);
      this.taken = 0;
    }
  }

  private settleWaiting(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    if (this.failure !== undefined) waiting.reject(this.failure);
    else waiting.resolve({ value: undefined, done: true });
  }
}

/** True for objects that can be iterated with `for await` (and are not plain values such as strings). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}
