import type { AuthorizeHook } from './auth.js';
import type { CallContext } from './call-context.js';
import { toRemoteError } from './error-body.js';
import { RpcError } from '../errors.js';
import type { ServerCallContext } from './call-context.js';
import { runChain, type ServerMiddleware } from './middleware.js';
import type { Plugin } from '../core/plugin.js';
import { checkMethodSchemas, type MethodSchemas, type RegisterOptions } from './schema.js';
import { runValidated } from './validation.js';

/** A method implementation: receives the decoded argument and the call's context. */
export type Handler<Arg = unknown, Result = unknown> = (arg: Arg, ctx: CallContext) => Result | Promise<Result>;

/**
 * Maps method names to handlers. Lookup goes through a `Map`, so names such as `__proto__`,
 * `constructor` or `toString` can only resolve to something that was registered on purpose.
 */
export class Router {
  private readonly routes = new Map<string, Handler>();
  private readonly middleware: ServerMiddleware[] = [];
  private readonly schemas = new Map<string, MethodSchemas>();
  /** Told when a reply fails its output schema (the server's or client's plugins). */
  plugins: readonly Plugin[] = [];
  /** Runs before the middleware and the handler of every call; refusing answers `PERMISSION_DENIED`. */
  authorize: AuthorizeHook | undefined;

  /** Adds middleware around every handler of this router, outermost first. */
  use(middleware: ServerMiddleware): void {
    if (typeof middleware !== 'function') throw new TypeError('use(fn): fn must be a function (ctx, next) => Promise<result>');
    this.middleware.push(middleware);
  }

  /**
   * Runs `handler` for `ctx` through the middleware. Anything the handler throws becomes a `REMOTE`
   * RpcError here, at the innermost layer, so middleware sees it and errors raised by middleware
   * itself keep their own codes. Returns the result, or a promise of it.
   */
  run(handler: Handler, ctx: ServerCallContext): unknown {
    if (this.authorize !== undefined) return this.runAuthorized(this.authorize, handler, ctx);
    return this.runChain(handler, ctx);
  }

  private async runAuthorized(authorize: AuthorizeHook, handler: Handler, ctx: ServerCallContext): Promise<unknown> {
    let allowed = false;
    try {
      allowed = (await authorize(ctx)) === true;
    } catch {
      // A throwing hook refuses, like `false`; its error is not shown to the peer.
    }
    if (!allowed) throw new RpcError('PERMISSION_DENIED', `This peer may not call ${ctx.method}`);
    return this.runChain(handler, ctx);
  }

  private runChain(handler: Handler, ctx: ServerCallContext): unknown {
    // Schemas run innermost, after middleware: middleware sees the argument as the caller sent it.
    const schemas = this.schemas.get(ctx.method);
    if (schemas === undefined && this.middleware.length === 0) return callHandler(handler, ctx);
    const last = schemas === undefined ? () => callHandler(handler, ctx) : () => runValidated(schemas, ctx, () => callHandler(handler, ctx), this.plugins);
    if (this.middleware.length === 0) return last();
    return runChain(this.middleware, ctx, async () => last());
  }

  /** Adds one route, e.g. `'/echo'` or `'Chat.Send'`, with optional `{ input, output }` schemas. */
  handle(method: string, handler: Handler, schemas?: MethodSchemas): void {
    if (typeof method !== 'string' || method === '') throw new TypeError('handle(method, fn): method must be a non-empty string');
    if (typeof handler !== 'function') throw new TypeError(`handle("${method}", fn): fn must be a function`);
    if (this.routes.has(method)) throw new TypeError(`"${method}" is already registered; remove the duplicate handle()/register() call`);
    const checked = checkMethodSchemas(method, schemas);
    this.routes.set(method, handler);
    if (checked !== undefined) this.schemas.set(method, checked);
  }

  /** The schemas `method` was registered with, if any. */
  schemasOf(method: string): MethodSchemas | undefined {
    return this.schemas.get(method);
  }

  /**
   * Exposes the methods of `impl` as `name.method`: its own function properties and those of its
   * class's prototype chain, stopping before `Object.prototype`. `constructor`, getters and non-function
   * properties are never exposed. Returns the method names added.
   */
  register(name: string, impl: object, options: RegisterOptions = {}): string[] {
    if (typeof name !== 'string' || name === '') throw new TypeError('register(name, impl): name must be a non-empty string');
    if (typeof impl !== 'object' || impl === null) throw new TypeError(`register("${name}", impl): impl must be an object or class instance`);
    const methods = serviceMethods(impl);
    const schemas = serviceSchemas(name, options, methods);
    const added: string[] = [];
    for (const [key, fn] of methods) {
      const method = `${name}.${key}`;
      this.handle(method, (arg, ctx) => fn.call(impl, arg, ctx), schemas !== undefined && Object.hasOwn(schemas, key) ? schemas[key] : undefined);
      added.push(method);
    }
    if (added.length === 0) throw new TypeError(`register("${name}", impl): impl has no methods to expose`);
    return added;
  }

  lookup(method: string): Handler | undefined {
    return this.routes.get(method);
  }

  /** Every registered method name, sorted. */
  methods(): string[] {
    return [...this.routes.keys()].sort();
  }
}

function callHandler(handler: Handler, ctx: ServerCallContext): unknown {
  try {
    const result = handler(ctx.arg, ctx);
    return result instanceof Promise ? result.catch(rethrowAsRemote) : result;
  } catch (error) {
    throw toRemoteError(error);
  }
}

function rethrowAsRemote(error: unknown): never {
  throw toRemoteError(error);
}

type Method = (this: unknown, arg: unknown, ctx: CallContext) => unknown;

/** `options.schemas`, checked: a key that names no method is a typo caught at registration. */
function serviceSchemas(name: string, options: RegisterOptions, methods: Map<string, Method>): Readonly<Record<string, MethodSchemas>> | undefined {
  if (typeof options !== 'object' || options === null) throw new TypeError(`register("${name}", impl, options): options must be an object { schemas }`);
  const { schemas } = options;
  if (schemas === undefined) return undefined;
  if (typeof schemas !== 'object' || schemas === null) throw new TypeError(`register("${name}", impl, { schemas }): schemas must be an object { method: { input, output } }`);
  for (const key of Object.keys(schemas)) {
    if (!methods.has(key)) throw new TypeError(`register("${name}", impl, { schemas }): "${key}" is not a method of impl (it has: ${[...methods.keys()].join(', ')})`);
  }
  return schemas;
}

function serviceMethods(impl: object): Map<string, Method> {
  const methods = new Map<string, Method>();
  // A name is decided by the nearest layer that defines it, as property lookup would.
  const seen = new Set<string>(['constructor']);
  for (let layer: object | null = impl; layer !== null && layer !== Object.prototype; layer = Object.getPrototypeOf(layer)) {
    for (const key of Object.getOwnPropertyNames(layer)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const descriptor = Object.getOwnPropertyDescriptor(layer, key);
      if (descriptor !== undefined && typeof descriptor.value === 'function') methods.set(key, descriptor.value as Method);
    }
  }
  return methods;
}
