// Metrics and reflection, re-exported by the full entry points (`isorpc`, `isorpc/node`) and listed
// once; the <script> bundles leave them out to stay small (pages read metrics over RPC instead).
export { LATENCY_BUCKETS_SECONDS, PROMETHEUS_CONTENT_TYPE, REFLECTION_SERVICE, createMetrics, enableReflection, formatPrometheus, quantile, reflect } from '../../src/internal.js';
export type {
  HistogramSnapshot,
  JsonSchema,
  PromClientCollector,
  PromClientMetricValue,
  PromClientRegistry,
  JsonSchemaConverter,
  LatencySnapshot,
  MethodMetrics,
  Metrics,
  MetricsOptions,
  MetricsSnapshot,
  ReflectedMethod,
  ReflectedService,
  ReflectionList,
  ReflectionOptions,
  ServerMetrics,
} from '../../src/internal.js';
