import type { CallOptions, Peer } from '../core/peer-types.js';
import { runChain, type ClientMiddleware, type OutgoingCall } from './middleware.js';
import { RpcError } from '../errors.js';
import { DeferredStream } from './streams/deferred-stream.js';
import { StreamReceiver, type RpcStream } from './streams/stream-receiver.js';

/** The proxy form of one service method, derived from its implementation's signature. */
export type ProxyMethod<Method, Options = CallOptions> = Method extends (arg: infer Arg, ...rest: never[]) => infer Result
  ? Awaited<Result> extends AsyncIterable<infer Item>
    ? (...args: ProxyArgs<Arg, Options>) => RpcStream<Item>
    : (...args: ProxyArgs<Arg, Options>) => Promise<Awaited<Result>>
  : never;

/** The argument may be left out when the implementation accepts `undefined` (or takes none). */
type ProxyArgs<Arg, Options> = undefined extends Arg ? [arg?: Arg, options?: Options] : [arg: Arg, options?: Options];

/**
 * An object with one method per method of `Service` (an implementation type, e.g. `typeof arith` or
 * a class): arguments and results are typed end to end; methods returning an AsyncIterable become
 * streams. No code generation: `client.proxy<Arith>('Arith').multiply({ a: 7, b: 8 })`.
 */
export type ServiceProxy<Service, Options = CallOptions> = {
  readonly [Name in keyof Service as Service[Name] extends (...args: never[]) => unknown ? (Name extends string ? Name : never) : never]: ProxyMethod<Service[Name], Options>;
};

/** What a proxy method returns at run time: awaitable (unary methods) and iterable (streaming ones). */
export type ProxyResult = PromiseLike<unknown> & AsyncIterable<unknown>;

/**
 * The proxy result of a single connection: sent at once as a stream-capable call, so the same
 * object can be awaited (unary methods) or iterated (streaming methods), as its type says.
 */
class ProxyCall<Item> implements PromiseLike<Item>, AsyncIterable<Item> {
  private firstItem: Promise<Item> | undefined;

  /** `reply`, when given, is what awaiting gives (the client middleware's result); else the first item. */
  constructor(
    private readonly stream: RpcStream<Item>,
    reply?: Promise<Item>,
  ) {
    this.firstItem = reply;
  }

  then<A = Item, B = never>(onFulfilled?: ((value: Item) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.firstItem ??= this.stream.next().then((step) => step.value as Item);
    return this.firstItem.then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Item | B> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<Item> {
    return this.then().finally(onFinally);
  }

  next(): Promise<IteratorResult<Item>> {
    return this.stream.next();
  }

  return(): Promise<IteratorResult<Item>> {
    return this.stream.return();
  }

  cancel(): void {
    this.stream.cancel();
  }

  [Symbol.asyncIterator](): RpcStream<Item> {
    return this.stream;
  }
}

/**
 * Builds the proxy for `service` on `peer` (see {@link ServiceProxy}). Its calls go through the peer's
 * client `middleware` as `call()` does.
 */
export function createProxy<Service>(peer: Peer, service: string, middleware: readonly ClientMiddleware[] = []): ServiceProxy<Service> {
  return createProxyWith<Service>((method, arg, options) => (middleware.length === 0 ? new ProxyCall(peer.stream(method, arg, options)) : throughMiddleware(peer, middleware, method, arg, options)), service);
}

/**
 * A proxy call on a peer with client middleware. The middleware runs as around `call()`: each
 * `next()` sends the stream-capable call and resolves with its first item, so a middleware may change
 * the argument and options, retry, or answer itself. Awaiting gives the chain's result; iterating
 * waits for the chain, then reads the last attempt's stream from its first item on (or the answer
 * of a middleware that did not call `next()`, as one item).
 */
function throughMiddleware(peer: Peer, middleware: readonly ClientMiddleware[], method: string, arg: unknown, options: CallOptions | undefined): ProxyResult {
  const call: OutgoingCall = { method, arg, options: { ...options }, peer };
  let attempt: { stream: RpcStream<unknown>; first: Promise<IteratorResult<unknown>> } | undefined;
  const reply = runChain(middleware, call, () => {
    attempt?.stream.cancel(); // a retry replaces the attempt before it
    const stream = peer.stream(call.method, call.arg, call.options);
    attempt = { stream, first: stream.next() };
    return attempt.first.then((step) => step.value);
  });
  const stream = reply.then(
    (value) => (attempt === undefined ? settledStream({ value }) : new FromFirst(attempt.stream, attempt.first)),
    (error: unknown) => settledStream({ error }),
  );
  return new ProxyCall(new DeferredStream(stream), reply);
}

/** What a proxy call iterates after its middleware: the last attempt's stream, its first step taken already. */
class FromFirst<Item> implements RpcStream<Item> {
  constructor(
    private readonly stream: RpcStream<Item>,
    private first: Promise<IteratorResult<Item>> | undefined,
  ) {}

  next(): Promise<IteratorResult<Item>> {
    const first = this.first;
    this.first = undefined;
    return first ?? this.stream.next();
  }

  return(): Promise<IteratorResult<Item>> {
    this.first = undefined;
    return this.stream.return();
  }

  throw(): Promise<IteratorResult<Item>> {
    return this.return();
  }

  cancel(): void {
    this.first = undefined;
    this.stream.cancel();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/** A stream of what a middleware answered without calling `next()` (one item), or of its error. */
function settledStream(outcome: { value: unknown } | { error: unknown }): RpcStream<unknown> {
  const stream = new StreamReceiver<unknown>(1, { credit: () => undefined, cancel: () => undefined });
  if ('error' in outcome) stream.fail(RpcError.from(outcome.error));
  else {
    stream.push(outcome.value);
    stream.end();
  }
  return stream;
}

/** Builds a proxy whose methods call `invoke` with the full method name (see {@link ServiceProxy}). */
export function createProxyWith<Service, Options extends CallOptions = CallOptions>(invoke: (method: string, arg: unknown, options: Options | undefined) => ProxyResult, service: string): ServiceProxy<Service, Options> {
  const methods = new Map<string, (arg?: unknown, options?: Options) => ProxyResult>();
  return new Proxy(Object.create(null) as object, {
    get(_target, name) {
      // Not a thenable itself, so `await client.proxy(...)` does not try to call a remote "then".
      if (typeof name !== 'string' || name === 'then') return undefined;
      const cached = methods.get(name);
      if (cached !== undefined) return cached;
      const fullName = `${service}.${name}`;
      const method = (arg?: unknown, options?: Options): ProxyResult => invoke(fullName, arg, options);
      methods.set(name, method);
      return method;
    },
  }) as ServiceProxy<Service, Options>;
}
