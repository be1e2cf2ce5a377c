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
  /** `server` is the isorpc server serving this service (for broadcast). */
  constructor(server) {
    this.server = server;
    this.notifications = [];
    this.aborts = new Map();
    this.producedCounts = new Map();
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

  /** Streams 0 … n-1, counting what it produced under `id`; records how it was stopped. */
  async *count({ n, id }, ctx) {
    let finished = false;
    try {
      for (let i = 0; i < n; i++) {
        this.producedCounts.set(id, i + 1);
        yield i;
      }
      finished = true;
    } finally {
      if (!finished) this.aborts.set(id, ctx.aborted ? ctx.signal.reason.code : 'RETURNED');
    }
  }

  /** How many items `count` produced under `id` so far. */
  produced({ id }) {
    return this.producedCounts.get(id) ?? 0;
  }

  /** A client stream: sums the numbers the caller streams. */
  async sum(numbers) {
    let total = 0;
    for await (const n of numbers) total += n;
    return total;
  }

  /** A bidirectional stream: echoes each item back, upper-cased. */
  async *shout(words) {
    for await (const word of words) yield word.toUpperCase();
  }

  /** Streams n items, then throws. */
  async *failAfter({ n }) {
    for (let i = 0; i < n; i++) yield i;
    const error = new Error(`failed after ${n} items`);
    error.code = 'E_MIDSTREAM';
    throw error;
  }

  /** Streams nothing until aborted; records the abort reason's code under `id`. */
  async *waitForAbort({ id }, ctx) {
    await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
    this.aborts.set(id, ctx.signal.reason.code);
    yield 'never delivered';
  }

  /** Replies with metadata; a stream sends it with the first item and the end. */
  withMetadata({ stream } = {}, ctx) {
    ctx.setResponseMetadata({ 'x-served-by': 'contract' });
    if (!stream) return 'ok';
    return (async function* () {
      yield 1;
      ctx.setResponseMetadata({ 'x-trailer': 'done' });
      yield 2;
    })();
  }

  /** Notifies every connected peer through server.broadcast; returns how many it reached. */
  broadcast({ method, arg }) {
    return this.server.broadcast(method, arg);
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
  server.register('Contract', new ContractService(server));
  server.handle('/echo', echoRoute);
  return server;
}
