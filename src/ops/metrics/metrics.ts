/**
 * `createMetrics()`: per-method calls, errors by code, in-flight calls and latency (a server
 * middleware), and per-server connections, bytes and frames (a plugin and the server's peer events).
 * Browser-safe and dependency-free; `formatPrometheus()` renders a snapshot as Prometheus text.
 */
import { isRpcError } from '../../errors.js';
import type { ServerMiddleware } from '../../calls/middleware.js';
import type { Plugin } from '../../core/plugin.js';
import type { Server, ServerExtension } from '../../server/server.js';
import { Histogram, quantile } from './histogram.js';
import type { LatencySnapshot, MethodMetrics, MetricsSnapshot, ServerMetrics } from './snapshot.js';

export type { LatencySnapshot, MethodMetrics, MetricsSnapshot, ServerMetrics };
import { checkRegistry, registerFamilies, type PromClientRegistry } from './prom-client.js';

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Start collecting at once (default true); `metrics.enabled = false` later pauses collection. */
  enabled?: boolean;
  /**
   * A prom-client `Registry` your application already exports: isorpc's metrics are registered in it
   * (same names as `formatPrometheus`), read at each scrape. Default: none (use the text handler).
   */
  registry?: PromClientRegistry;
  /** Metric name prefix in `registry` (default `isorpc_`, as in `formatPrometheus`). */
  prefix?: string;
}

/** A metrics collector: install it with `server.use(metrics)`, read `snapshot()`. */
export interface Metrics extends ServerExtension {
  /** While false, the middleware and plugin do nothing but pass calls on. */
  enabled: boolean;
  /** Per-method counters and latency: `server.use(metrics.middleware)`. */
  readonly middleware: ServerMiddleware;
  /** Bytes and frames per connection: `createServer({ plugins: [metrics.plugin] })`. */
  readonly plugin: Plugin;
  /** Installs the middleware on `server` and counts its peers (every protocol). Returns a detach function for the peer counting. */
  attach(server: Server): () => void;
  /** What `server.use(metrics)` calls: `attach(server)` plus the plugin, in one step. */
  install(server: Server, addPlugin: (plugin: Plugin) => void): void;
  /** Counts a call or connection refused by a limit (`reason` e.g. `'RESOURCE_EXHAUSTED'`). */
  countRejected(reason?: string): void;
  /** Calls started for `method` so far (0 if never called). */
  callCount(method: string): number;
  /** A copy of every number. */
  snapshot(): MetricsSnapshot;
}

class MethodStats {
  calls = 0;
  inFlight = 0;
  readonly errors: Record<string, number> = {};
  readonly latency = new Histogram();

  constructor(readonly method: string) {}

  snapshot(): MethodMetrics {
    const latency = this.latency.snapshot();
    const ms = (q: number): number | undefined => {
      const seconds = quantile(latency, q);
      return seconds === undefined ? undefined : seconds * 1000;
    };
    return { method: this.method, calls: this.calls, inFlight: this.inFlight, errors: { ...this.errors }, latency: { ...latency, p50: ms(0.5), p90: ms(0.9), p99: ms(0.99) } };
  }
}

function byteLengthOf(data: unknown): number {
  return data instanceof Uint8Array || data instanceof ArrayBuffer ? data.byteLength : 0;
}

/** Creates a metrics collector. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  if (typeof options !== 'object' || options === null) throw new TypeError('createMetrics(options): options must be an object { enabled?, registry?, prefix? }');
  const methods = new Map<string, MethodStats>();
  const rejected: Record<string, number> = {};
  const server = { connections: 0, connectionsTotal: 0, bytesIn: 0, bytesOut: 0, framesOut: 0, readsIn: 0 };

  const statsFor = (method: string): MethodStats => {
    let stats = methods.get(method);
    if (stats === undefined) methods.set(method, (stats = new MethodStats(method)));
    return stats;
  };

  const metrics: Metrics = {
    enabled: options.enabled ?? true,
    middleware: async (ctx, next) => {
      if (!metrics.enabled) return next();
      const stats = statsFor(ctx.method);
      stats.calls++;
      stats.inFlight++;
      const started = performance.now();
      try {
        return await next();
      } catch (error) {
        const code = isRpcError(error) ? error.code : 'INTERNAL';
        stats.errors[code] = (stats.errors[code] ?? 0) + 1;
        throw error;
      } finally {
        stats.inFlight--;
        stats.latency.observe((performance.now() - started) / 1000);
      }
    },
    plugin: {
      name: 'isorpc:metrics',
      beforeDecode(data) {
        if (!metrics.enabled) return;
        server.readsIn++;
        server.bytesIn += byteLengthOf(data);
      },
      afterEncode(data) {
        if (!metrics.enabled) return;
        server.framesOut++;
        server.bytesOut += byteLengthOf(data);
      },
      onReject(_peer, _reason, limit) {
        metrics.countRejected(limit);
      },
    },
    attach(target) {
      target.use(metrics.middleware);
      // Peers already connected count too, so attaching late does not make the gauge go negative.
      server.connections += target.peers.size;
      const offConnect = target.on('connect', () => {
        server.connections++;
        server.connectionsTotal++;
      });
      const offDisconnect = target.on('disconnect', () => {
        server.connections--;
      });
      return () => {
        offConnect();
        offDisconnect();
      };
    },
    install(target, addPlugin) {
      metrics.attach(target);
      addPlugin(metrics.plugin);
    },
    countRejected(reason = 'limit') {
      rejected[reason] = (rejected[reason] ?? 0) + 1;
    },
    callCount: (method) => methods.get(method)?.calls ?? 0,
    snapshot: () => ({
      time: Date.now(),
      server: { ...server, rejected: { ...rejected } },
      methods: [...methods.values()].sort((a, b) => (a.method < b.method ? -1 : 1)).map((stats) => stats.snapshot()),
    }),
  };
  if (options.registry !== undefined) registerFamilies(checkRegistry(options.registry), metrics.snapshot, options.prefix ?? 'isorpc_');
  return metrics;
}
