import { PROMETHEUS_CONTENT_TYPE, formatPrometheus, type Metrics } from '../../src/internal.js';
import { pathOf, type HttpHandler } from './http-exchange.js';
import { guardHandler } from './guard.js';

/** Options of {@link createMetricsHandler}. */
export interface MetricsHandlerOptions {
  /** The path it answers (default `/metrics`); other paths go to `next`, or get 404. */
  path?: string;
  /** Metric name prefix (default `isorpc_`). */
  prefix?: string;
}

/**
 * A `node:http` handler serving `metrics` as Prometheus text on GET `path`, for a scrape job:
 * `http.createServer(createMetricsHandler(metrics)).listen(9464)`.
 */
export function createMetricsHandler(metrics: Metrics, options: MetricsHandlerOptions = {}): HttpHandler {
  if (typeof metrics !== 'object' || metrics === null || typeof metrics.snapshot !== 'function') throw new TypeError('createMetricsHandler(metrics): metrics must be a collector from createMetrics()');
  const path = options.path ?? '/metrics';
  return guardHandler((request, response, next) => {
    if (pathOf(request.url) !== path) {
      if (next !== undefined) return next();
      return void response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found; metrics are at ${path}\n`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return void response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('use GET\n');
    }
    const body = formatPrometheus(metrics.snapshot(), options.prefix);
    response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
}
