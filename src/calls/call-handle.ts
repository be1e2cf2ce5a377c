import { RpcError } from '../errors.js';
import type { Call, CallOptions } from '../core/peer-types.js';

/** The handle `go()` returns, for every kind of peer and for cluster clients. */
export class CallHandle<Result> implements Call<Result> {
  reply: Result | undefined;
  error: RpcError | undefined;
  readonly done: Promise<Call<Result>>;

  constructor(
    readonly method: string,
    promise: Promise<unknown>,
    private readonly cancelCall: () => void,
  ) {
    this.done = promise.then(
      (reply) => {
        this.reply = reply as Result;
        return this;
      },
      (error: unknown) => {
        this.error = RpcError.from(error);
        return this;
      },
    );
  }

  cancel(): void {
    this.cancelCall();
  }
}

type CallFunction = <Result>(method: string, arg: unknown, options: CallOptions) => Promise<Result>;

/**
 * The caller's `signal` and `ours` as one. A `signal` that is no AbortSignal is passed on as it is, for
 * the call to refuse with `BAD_REQUEST` (see `unstartable`) rather than throw a TypeError here.
 */
export function joinSignals(ours: AbortSignal, signal: AbortSignal | undefined): AbortSignal {
  if (signal === undefined) return ours;
  return typeof (signal as AbortSignal | null)?.addEventListener === 'function' ? AbortSignal.any([signal, ours]) : signal;
}

/** Starts `call` as a `go()` call whose `cancel()` aborts it through its signal. */
export function goWithSignal<Result>(call: CallFunction, method: string, arg: unknown, options: CallOptions | undefined): Call<Result> {
  const controller = new AbortController();
  const signal = joinSignals(controller.signal, options?.signal);
  return new CallHandle<Result>(method, call<Result>(method, arg, { ...options, signal }), () => controller.abort());
}
