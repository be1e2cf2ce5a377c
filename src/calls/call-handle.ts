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

/** Starts `call` as a `go()` call whose `cancel()` aborts it through its signal. */
export function goWithSignal<Result>(call: CallFunction, method: string, arg: unknown, options: CallOptions | undefined): Call<Result> {
  const controller = new AbortController();
  const signal = options?.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
  return new CallHandle<Result>(method, call<Result>(method, arg, { ...options, signal }), () => controller.abort());
}
