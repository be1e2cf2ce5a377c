/**
 * A task run until it succeeds: the registries' recovery loop (re-read a service, write every entry
 * again). After a failure it waits a full-jitter backoff (100 ms, doubling, at most `maxDelay`); a
 * request to run while it runs makes it run once more afterwards, so the last request always wins.
 */
import { backoffDelay } from './backoff.js';

/** Options of {@link createRetryLoop}. */
export interface RetryLoopOptions {
  /** Longest wait between attempts, in ms. Default 2000. */
  maxDelay?: number;
  /** Receives each failure (the loop recovers by itself). */
  onError?: (error: Error) => void;
}

/** A task run now or after a backoff, until it succeeds or the loop stops. */
export interface RetryLoop {
  /** Runs the task now (or right after the run in progress). */
  run(): void;
  /** Stops: no further runs; a run in progress finishes. */
  stop(): void;
  /** True once stopped. */
  readonly stopped: boolean;
}

/** @internal The error as an Error. */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** @internal Creates a loop for `task`; nothing runs until `run()`. */
export function createRetryLoop(task: () => Promise<void>, options: RetryLoopOptions = {}): RetryLoop {
  let running = false;
  let again = false;
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const attempt = async (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    try {
      await task();
      failures = 0;
    } catch (error) {
      if (stopped) return;
      options.onError?.(toError(error));
      failures++;
      const delay = Math.max(50, backoffDelay(failures, { initialDelay: 100, maxDelay: options.maxDelay ?? 2000 }));
      timer = setTimeout(() => void attempt(), delay);
      (timer as { unref?: () => void }).unref?.();
      return;
    } finally {
      running = false;
    }
    if (again) void attempt();
  };

  return {
    run: () => void attempt(),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    get stopped() {
      return stopped;
    },
  };
}
