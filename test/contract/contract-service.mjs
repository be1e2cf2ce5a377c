// The service every adapter serves in the contract suite. Plain JavaScript (no Node imports) so the
// same file runs in worker_threads workers, in Node test files and behind the browser tests' server.
// Tests observe the server only through calls, so the suite can run from a browser too.

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

export class ContractService {
  constructor() {
    this.notifications = [];
    this.aborts = new Map();
  }

  echo(value) {
    return value;
  }

  add({ a, b }) {
    return a + b;
  }

  /** Reverses bytes, proving binary arrives as binary. */
  reverseBytes(bytes) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`expected Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
    return Uint8Array.from(bytes).reverse();
  }

  fail(message) {
    const error = new Error(message ?? 'deliberate failure');
    error.code = 'E_DELIBERATE';
    error.data = { detail: 42 };
    throw error;
  }

  /** Waits `ms` unless aborted; records the abort reason's code under `id`. */
  async slow({ ms, id }, ctx) {
    try {
      await sleep(ms, ctx.signal);
      return 'finished';
    } catch (reason) {
      this.aborts.set(id, reason?.code ?? String(reason));
      throw reason;
    }
  }

  /** The abort code recorded for `id`, or null while none was. */
  abortedWith({ id }) {
    return this.aborts.get(id) ?? null;
  }

  metadata(_arg, ctx) {
    return { ...ctx.metadata };
  }

  remaining(_arg, ctx) {
    return ctx.remaining();
  }

  argumentType(value) {
    return value === undefined ? 'undefined' : value === null ? 'null' : typeof value;
  }

  record(value) {
    this.notifications.push(value);
  }

  notified() {
    return this.notifications;
  }

  /** Calls back into the caller's own `Client.whoami` handler over the same connection. */
  async callBack(arg, ctx) {
    return { fromClient: await ctx.peer.call('Client.whoami', arg, { timeout: 5000 }) };
  }
}

/** A route registered with handle(), arpc style. */
export function echoRoute(value) {
  return { route: '/echo', value };
}

/** Registers the contract service on `server`. */
export function registerContractService(server) {
  server.register('Contract', new ContractService());
  server.handle('/echo', echoRoute);
  return server;
}
