/**
 * Retry delays: exponential growth with "full jitter" (a uniform draw below the exponential cap), so
 * clients that failed together do not retry together.
 */
import { RpcError } from '../errors.js';

/** How long to wait before a retry. */
export interface BackoffOptions {
  /** Cap of the first retry's delay, in ms. Default 10. */
  initialDelay?: number;
  /** Largest delay, in ms. Default 1000. */
  maxDelay?: number;
  /** Growth factor per retry. Default 2. */
  multiplier?: number;
}

/** The defaults: 10 ms, doubling, at most 1 s. */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = { initialDelay: 10, maxDelay: 1000, multiplier: 2 };

/** @internal Backoff options after defaults. */
export interface ResolvedBackoff {
  initialDelay: number;
  maxDelay: number;
  multiplier: number;
}

/** @internal */
export function resolveBackoff(options: BackoffOptions = {}): ResolvedBackoff {
  const resolved = { initialDelay: options.initialDelay ?? DEFAULT_BACKOFF.initialDelay, maxDelay: options.maxDelay ?? DEFAULT_BACKOFF.maxDelay, multiplier: options.multiplier ?? DEFAULT_BACKOFF.multiplier };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new TypeError(`backoff.${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return resolved;
}

/** The cap for retry number `retry` (1 for the first retry): `min(maxDelay, initialDelay · multiplier^(retry−1))`. */
export function backoffCap(retry: number, options: BackoffOptions = {}): number {
  const { initialDelay = DEFAULT_BACKOFF.initialDelay, maxDelay = DEFAULT_BACKOFF.maxDelay, multiplier = DEFAULT_BACKOFF.multiplier } = options;
  return Math.min(maxDelay, initialDelay * multiplier ** Math.max(0, retry - 1));
}

/** A full-jitter delay for retry number `retry`: uniform in [0, cap). `random` returns [0, 1). */
export function backoffDelay(retry: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCap(retry, options));
}

/** Waits `ms`; rejects at once with the signal's reason (an RpcError) when it aborts. The timer never keeps Node alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    (timer as { unref?: () => void }).unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** @internal The abort reason as an RpcError (`CANCELLED` unless the reason is one already). */
export function abortReason(signal: AbortSignal): RpcError {
  return RpcError.from(signal.reason, 'CANCELLED');
}
