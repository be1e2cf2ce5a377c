// The services the demo serves. server.register('Arith', new Arith()) exposes each method of the
// class as 'Arith.<method>'; a handler gets (arg, ctx) and returns a value or a promise.

/** An error carrying its own `code`: the caller gets RpcError code REMOTE with this as `remoteCode`. */
class ArithError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Arith {
  add({ a, b }) {
    return a + b;
  }

  multiply({ a, b }) {
    return a * b;
  }

  divide({ a, b }) {
    if (b === 0) throw new ArithError('DIVIDE_BY_ZERO', `cannot divide ${a} by zero`);
    return a / b;
  }
}

/**
 * Receives notifications. A notify has no reply, so `count` lets the caller see that they arrived.
 * The count lives in ctx.peer.data, so the browser page and the Node client each see their own.
 */
export class Events {
  #log;

  // Kept in a private field: an own function property would be exposed as a method too.
  constructor(log) {
    this.#log = log;
  }

  record(event, ctx) {
    ctx.peer.data.events = (ctx.peer.data.events ?? 0) + 1;
    this.#log(`${ctx.method} got a notification: ${JSON.stringify(event)}`);
  }

  count(_arg, ctx) {
    return ctx.peer.data.events ?? 0;
  }
}

export class Slow {
  #log;

  constructor(log) {
    this.#log = log;
  }

  /** Waits `ms`, but stops as soon as the caller gives up (ctx.signal fires on timeout or cancel). */
  sleep({ ms }, ctx) {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(`slept ${ms} ms`), ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        this.#log(`${ctx.method} stopped after ${Date.now() - started} ms: the caller stopped waiting`);
        reject(ctx.signal.reason);
      });
    });
  }
}

/** A server stream: an async generator's items reach the caller's `for await` under flow control. */
export class Prices {
  async *ticker({ symbol, count }, ctx) {
    let price = 100;
    for (let i = 0; i < count && !ctx.aborted; i++) {
      price = Math.round((price + Math.sin(i) * 3) * 100) / 100;
      yield { symbol, price };
    }
  }
}

/** Push: a post is broadcast to every connected peer, which handles 'Chat.message' itself. */
export class Chat {
  #server;

  constructor(server) {
    this.#server = server;
  }

  post({ from, text }) {
    return this.#server.broadcast('Chat.message', { from, text });
  }
}

/** Registers every demo service on `server`; `log` prints what the handlers want to say. */
export function registerServices(server, log) {
  return server
    .register('Arith', new Arith())
    .register('Events', new Events(log))
    .register('Slow', new Slow(log))
    .register('Prices', new Prices())
    .register('Chat', new Chat(server));
}
