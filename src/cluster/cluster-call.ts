import { RpcError } from '../errors.js';
import type { Call } from '../peer-types.js';

/** @internal The handle a cluster client's `go()` returns. */
export class ClusterCall<Result> implements Call<Result> {
  reply: Result | undefined;
  error: RpcError | undefined;
  readonly done: Promise<Call<Result>>;

  constructor(
    readonly method: string,
    promise: Promise<Result>,
    private readonly cancelCall: () => void,
  ) {
    this.done = promise.then(
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
    this.cancelCall();
  }
}
