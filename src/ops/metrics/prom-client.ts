/**
 * isorpc's metrics inside an application's prom-client `Registry`, without importing prom-client:
 * a registry collects any object with `name`, `help`, `type`, `get()` and `reset()`, so each family is
 * registered as such an object that reads a fresh snapshot when the registry is scraped.
 */
import { FAMILY_NAMES, metricFamily, type MetricFamily } from './families.js';
import type { MetricsSnapshot } from './snapshot.js';

/** What prom-client's `get()` returns for one metric; `aggregator` tells its cluster mode how to merge workers. */
export interface PromClientMetricValue extends MetricFamily {
  readonly aggregator: 'sum';
}

/** One isorpc family as a prom-client metric (what `registry.getSingleMetric(name)` returns). */
export interface PromClientCollector {
  /** Writable: prom-client renames counters for OpenMetrics output. */
  name: string;
  readonly help: string;
  readonly type: MetricFamily['type'];
  get(): Promise<PromClientMetricValue>;
  /** A no-op: isorpc's counts belong to its collector and are not reset from outside. */
  reset(): void;
}

/**
 * The part of a prom-client `Registry` isorpc uses (`new Registry()` or the default `register`).
 * prom-client types the parameter as its own metric classes; isorpc passes a `PromClientCollector`,
 * which the registry collects the same way, so the parameter is left open here.
 */
export interface PromClientRegistry {
  /** Adds a collector to the registry (prom-client's own method; isorpc passes its collectors). */
  registerMetric(metric: never): void;
}

/** Checks `registry` at the call, so a wrong argument fails at `createMetrics` and not at the first scrape. */
export function checkRegistry(registry: unknown): PromClientRegistry {
  if (typeof registry !== 'object' || registry === null || typeof (registry as Partial<PromClientRegistry>).registerMetric !== 'function') {
    throw new TypeError('createMetrics({ registry }): registry must be a prom-client Registry (new Registry() or the default register)');
  }
  return registry as PromClientRegistry;
}

/** Registers every isorpc family in `registry`, read from `snapshot()` at each scrape. */
export function registerFamilies(registry: PromClientRegistry, snapshot: () => MetricsSnapshot, prefix: string): void {
  for (const family of FAMILY_NAMES) {
    const sample = metricFamily(snapshot(), family, prefix);
    const collector: PromClientCollector = {
      name: sample.name,
      help: sample.help,
      type: sample.type,
      get: async () => ({ ...metricFamily(snapshot(), family, prefix), aggregator: 'sum' }),
      reset: () => undefined,
    };
    (registry.registerMetric as (metric: PromClientCollector) => void).call(registry, collector);
  }
}
