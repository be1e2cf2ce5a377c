import { RpcError } from './errors.js';
import type { Call } from './peer-types.js';

/** The handle `go()` returns, for peers other than the isorpc `Connection` (which has its own). */
export class CallHandle<Result> implements Call<Result> {
  reply: Result | undefined;
  error: RpcError | undefined;
  readonly done: Promise<Call<Result>>;

  constructor(
    readonly method: string,
    started: { seq: number; promise: Promise<unknown> },
    private readonly cancelCall: (seq: number) => void,
    private readonly seq = started.seq,
  ) {
    this.done = started.promise.then(
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
    this.cancelCall(this.seq);
  }
}
