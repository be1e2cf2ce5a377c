import type { Span } from '@opentelemetry/api';
import type { RpcStream } from '../../src/internal.js';
import { endWithError } from './span-status.js';

/**
 * `source`, iterated as before, with `span` ended when the stream does: at its end, at an error, or
 * when the consumer stops early. `abortReason` tells whether the call was cancelled or timed out
 * meanwhile (a server-side stream whose caller went away), which fails the span.
 */
export function traceStream<T>(source: AsyncIterable<T>, span: Span, abortReason: () => unknown): RpcStream<T> {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const finish = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    const reason = error ?? abortReason();
    if (reason === undefined) span.end();
    else endWithError(span, reason);
  };
  const traced: RpcStream<T> = {
    async next() {
      try {
        const result = await iterator.next();
        if (result.done === true) finish();
        return result;
      } catch (error) {
        finish(error);
        throw error;
      }
    },
    async return() {
      try {
        return (await iterator.return?.()) ?? { done: true, value: undefined };
      } finally {
        finish();
      }
    },
    cancel() {
      (source as Partial<RpcStream<T>>).cancel?.();
      finish();
    },
    [Symbol.asyncIterator]() {
      return traced;
    },
  };
  return traced;
}
