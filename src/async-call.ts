import { RpcError } from './errors.js';
import type { Call, CallOptions } from './peer-types.js';

type CallFunction = <Result>(method: string, arg: unknown, options: CallOptions) => Promise<Result>;

/** The handle `go()` returns; `cancel()` aborts the call like an AbortSignal would. */
export class AsyncCall<Result> implements Call<Result> {
  reply: Result | undefined;
  error: RpcError | undefined;
  readonly done: Promise<Call<Result>>;
  private readonly controller = new AbortController();

  constructor(call: CallFunction, readonly method: string, arg: unknown, options: CallOptions | undefined) {
    const signal = options?.signal === undefined ? this.controller.signal : AbortSignal.any([options.signal, this.controller.signal]);
    this.done = call<Result>(method, arg, { ...options, signal }).then(
      (reply) => {
        this.reply = reply;
        return this;
      },
      (error: unknown) => {
        this.error = RpcError.from(error);
        return this;
      },
    );
  }

  cancel(): void {
    this.controller.abort();
  }
}
