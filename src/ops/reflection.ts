/**
 * The opt-in reflection service (like gRPC reflection or Go's /debug/rpc): `isorpc.list` and
 * `isorpc.describe` tell a client which services and methods a server has, with call counts when a
 * metrics collector is given. It is registered like any service, so server middleware (auth) applies.
 */
import { RpcError } from '../errors.js';
import { jsonSchemaOf, type JsonSchema, type JsonSchemaConverter } from '../calls/json-schema.js';
import type { Server } from '../server/server.js';

/** The service name reflection registers under: methods `isorpc.list` and `isorpc.describe`. */
export const REFLECTION_SERVICE = 'isorpc';

/** One method as reflection reports it. */
export interface ReflectedMethod {
  /** The full name to call, e.g. `'Arith.multiply'` or `'/echo'`. */
  readonly name: string;
  /** Calls started so far, when the server has metrics; otherwise absent. */
  readonly calls?: number;
  /** The JSON Schema of the argument, when the method has an input schema that can describe itself. */
  readonly input?: JsonSchema;
  /** The JSON Schema of the reply, when the method has an output schema that can describe itself. */
  readonly output?: JsonSchema;
}

/** One service: the `Service` of `Service.method` names; routes such as `/echo` are under `''`. */
export interface ReflectedService {
  /** The service's name (`''` for routes such as `/echo`). */
  readonly name: string;
  /** Its methods. */
  readonly methods: readonly ReflectedMethod[];
}

/** What `isorpc.list` returns. */
export interface ReflectionList {
  /** Every service, sorted by name. */
  readonly services: readonly ReflectedService[];
}

/** Options of {@link enableReflection}. */
export interface ReflectionOptions {
  /** Adds call counts to each method (anything with `callCount(method)`, e.g. `createMetrics()`). */
  metrics?: {
    /** Calls of `method` so far. */
    callCount(method: string): number;
  };
  /** Converts schemas the library cannot describe by itself (see {@link JsonSchemaConverter}). */
  jsonSchema?: JsonSchemaConverter;
}

function serviceOf(method: string): string {
  const dot = method.lastIndexOf('.');
  return method.startsWith('/') || dot <= 0 ? '' : method.slice(0, dot);
}

function describeMethod(server: Server, name: string, options: ReflectionOptions): ReflectedMethod {
  const schemas = server.schemasOf(name);
  const input = jsonSchemaOf(schemas?.input, 'input', options.jsonSchema);
  const output = jsonSchemaOf(schemas?.output, 'output', options.jsonSchema);
  return {
    name,
    ...(options.metrics === undefined ? {} : { calls: options.metrics.callCount(name) }),
    ...(input === undefined ? {} : { input }),
    ...(output === undefined ? {} : { output }),
  };
}

/** Groups the server's method names by service (reflection's own methods included: they can be called). */
export function reflect(server: Server, options: ReflectionOptions = {}): ReflectionList {
  const services = new Map<string, ReflectedMethod[]>();
  for (const name of server.methods()) {
    const service = serviceOf(name);
    let list = services.get(service);
    if (list === undefined) services.set(service, (list = []));
    list.push(describeMethod(server, name, options));
  }
  return { services: [...services].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, methods]) => ({ name, methods })) };
}

/**
 * Registers `isorpc.list()` (every service and its methods) and `isorpc.describe(name)` (one
 * service; `NOT_FOUND` as the remote code when there is none) on `server`. Off unless called.
 */
export function enableReflection(server: Server, options: ReflectionOptions = {}): Server {
  return server.register(REFLECTION_SERVICE, {
    list: (): ReflectionList => reflect(server, options),
    describe: (name: unknown): ReflectedService => {
      const found = reflect(server, options).services.find((service) => service.name === name);
      if (found === undefined) throw new RpcError('NOT_FOUND', `No service "${String(name)}" on this server; isorpc.list shows the services`);
      return found;
    },
  });
}
