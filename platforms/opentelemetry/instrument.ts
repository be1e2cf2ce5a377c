/**
 * OpenTelemetry tracing for isorpc with nothing but `@opentelemetry/api`: a CLIENT span per call,
 * stream and notification a client makes, a SERVER span per call a server (or a serving client)
 * handles, named and attributed by the RPC semantic conventions, with W3C trace context carried in
 * the call's metadata (`traceparent`, `tracestate`) so the server span is the client span's child.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapPropagator,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { isAsyncIterable, type CallOptions, type ClientMiddleware, type Metadata, type NotifyOptions, type Peer, type RpcStream, type ServerCallContext, type ServerMiddleware } from '../../src/internal.js';
import { endWithError } from './span-status.js';
import { traceStream } from './trace-stream.js';

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /** Where spans go. Default: the global provider (set by the OpenTelemetry SDK). */
  tracerProvider?: TracerProvider;
  /** How context travels in metadata. Default: the global propagator (the SDK's W3C Trace Context). */
  propagator?: TextMapPropagator;
  /** The `rpc.system` attribute. Default `'isorpc'`. */
  system?: string;
}

/** What `instrument` needs of a server: `use(middleware)` and `listen` to tell it from a client. */
interface ServerTarget {
  use(middleware: ServerMiddleware): unknown;
  listen(address: string): Promise<string>;
}

/** What `instrument` needs of a client (isorpc, reconnecting, JSON-RPC, Go net/rpc). */
interface ClientTarget extends Peer {
  use(middleware: ClientMiddleware): unknown;
  handle?: unknown;
}

const TRACER_NAME = 'isorpc';

/** `'Arith.multiply'` → service `Arith`, method `multiply`; a route `/echo` has no service. */
function nameParts(full: string): { service: string | undefined; method: string } {
  const dot = full.lastIndexOf('.');
  return full.startsWith('/') || dot <= 0 ? { service: undefined, method: full } : { service: full.slice(0, dot), method: full.slice(dot + 1) };
}

function spanName(full: string): string {
  const { service, method } = nameParts(full);
  return service === undefined ? method : `${service}/${method}`;
}

/** `host:port`, `[v6]:port` or a URL (`ws://host:port/rpc`) as `{prefix}.address` and `{prefix}.port`. */
function addressAttributes(prefix: 'server' | 'client', remote: string | undefined): Attributes {
  if (remote === undefined) return {};
  let hostPort = remote;
  if (remote.includes('://')) {
    try {
      const url = new URL(remote);
      if (url.port === '') return { [`${prefix}.address`]: url.hostname };
      hostPort = `${url.hostname}:${url.port}`;
    } catch {
      return { [`${prefix}.address`]: remote };
    }
  }
  const match = /^\[?(.*?)\]?:(\d+)$/.exec(hostPort);
  return match === null ? { [`${prefix}.address`]: remote } : { [`${prefix}.address`]: match[1]!, [`${prefix}.port`]: Number(match[2]) };
}

function rpcAttributes(system: string, full: string): Attributes {
  const { service, method } = nameParts(full);
  return service === undefined ? { 'rpc.system': system, 'rpc.method': method } : { 'rpc.system': system, 'rpc.service': service, 'rpc.method': method };
}

/** Metadata with the trace context of `span` (under `parent`) added. */
function withTraceContext(propagator: TextMapPropagator, parent: Context, span: Span, metadata: Metadata | undefined): Metadata {
  const carrier: Metadata = { ...metadata };
  propagator.inject(trace.setSpan(parent, span), carrier, defaultTextMapSetter);
  return carrier;
}

function serverMiddleware(tracer: Tracer, propagator: TextMapPropagator, system: string): ServerMiddleware {
  return async (ctx: ServerCallContext, next) => {
    const parent = propagator.extract(ROOT_CONTEXT, ctx.metadata, defaultTextMapGetter);
    const attributes = { ...rpcAttributes(system, ctx.method), ...addressAttributes('client', ctx.peer.remoteAddress) };
    const span = tracer.startSpan(spanName(ctx.method), { kind: SpanKind.SERVER, attributes }, parent);
    let result: unknown;
    try {
      result = await context.with(trace.setSpan(parent, span), next);
    } catch (error) {
      endWithError(span, ctx.aborted ? ctx.signal.reason : error);
      throw error;
    }
    if (isAsyncIterable(result)) return traceStream(result, span, () => (ctx.aborted ? ctx.signal.reason : undefined));
    // A handler may finish normally after its caller gave up: the call still failed for the caller.
    if (ctx.aborted) endWithError(span, ctx.signal.reason);
    else span.end();
    return result;
  };
}

function clientMiddleware(tracer: Tracer, propagator: TextMapPropagator, system: string): ClientMiddleware {
  return async (call, next) => {
    const parent = context.active();
    const attributes = { ...rpcAttributes(system, call.method), ...addressAttributes('server', call.peer.remoteAddress) };
    const span = tracer.startSpan(spanName(call.method), { kind: SpanKind.CLIENT, attributes }, parent);
    call.options = { ...call.options, metadata: withTraceContext(propagator, parent, span, call.options.metadata) };
    try {
      const reply = await next();
      span.end();
      return reply;
    } catch (error) {
      endWithError(span, error);
      throw error;
    }
  };
}

/**
 * Client middleware covers `call()` and `go()`; streams and notifications are wrapped on the instance
 * (own properties shadowing the class's methods) so they carry trace context too.
 */
function wrapStreamsAndNotifications(client: ClientTarget, tracer: Tracer, propagator: TextMapPropagator, system: string): void {
  const stream = client.stream.bind(client);
  const notify = client.notify.bind(client);
  const start = (method: string, notification: boolean): { parent: Context; span: Span } => {
    const parent = context.active();
    const attributes = { ...rpcAttributes(system, method), ...addressAttributes('server', client.remoteAddress), ...(notification ? { 'rpc.isorpc.notification': true } : {}) };
    return { parent, span: tracer.startSpan(spanName(method), { kind: notification ? SpanKind.PRODUCER : SpanKind.CLIENT, attributes }, parent) };
  };
  client.stream = <Item>(method: string, arg?: unknown, options: CallOptions = {}): RpcStream<Item> => {
    const { parent, span } = start(method, false);
    try {
      return traceStream(stream<Item>(method, arg, { ...options, metadata: withTraceContext(propagator, parent, span, options.metadata) }), span, () => undefined);
    } catch (error) {
      endWithError(span, error);
      throw error;
    }
  };
  client.notify = (method: string, arg?: unknown, options: NotifyOptions = {}): void => {
    const { parent, span } = start(method, true);
    try {
      notify(method, arg, { ...options, metadata: withTraceContext(propagator, parent, span, options.metadata) });
      span.end();
    } catch (error) {
      endWithError(span, error);
      throw error;
    }
  };
}

function isServer(target: object): target is ServerTarget {
  return typeof (target as Partial<ServerTarget>).listen === 'function' && typeof (target as { broadcast?: unknown }).broadcast === 'function';
}

function isClient(target: object): target is ClientTarget {
  const candidate = target as Partial<ClientTarget>;
  return typeof candidate.call === 'function' && typeof candidate.stream === 'function' && typeof candidate.notify === 'function' && typeof candidate.use === 'function';
}

/**
 * Traces `target`: a server gets a SERVER span per handled call (continuing the caller's trace from
 * `traceparent` metadata); a client a CLIENT span per call and stream (PRODUCER per notification),
 * with the trace context sent as metadata. Returns `target`.
 */
export function instrument<T extends object>(target: T, options: InstrumentOptions = {}): T {
  if (typeof target !== 'object' || target === null) throw new TypeError('instrument(target): target must be an isorpc server or client');
  if (typeof options !== 'object' || options === null) throw new TypeError('instrument(target, options): options must be an object { tracerProvider?, propagator?, system? }');
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(TRACER_NAME);
  const propagator = options.propagator ?? propagation;
  const system = options.system ?? 'isorpc';
  if (isServer(target)) {
    target.use(serverMiddleware(tracer, propagator, system));
    return target;
  }
  if (!isClient(target)) throw new TypeError('instrument(target): target must be an isorpc server (createServer) or client (connect)');
  target.use(clientMiddleware(tracer, propagator, system));
  wrapStreamsAndNotifications(target, tracer, propagator, system);
  return target;
}
