// Metrics and reflection, re-exported by the full entry points (`isorpc`, `isorpc/node`) and listed
// once; the <script> bundles leave them out to stay small (pages read metrics over RPC instead).
// Prometheus formatting and histogram helpers are in exports-advanced.ts.
export { createMetrics, enableReflection, reflect } from '../../src/internal.js';
export type { Metrics, MetricsOptions, MetricsSnapshot, ReflectionList } from '../../src/internal.js';
