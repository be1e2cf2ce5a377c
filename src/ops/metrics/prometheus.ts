/**
 * Prometheus text exposition (format 0.0.4) of a {@link MetricsSnapshot}, written by hand: the
 * format is a few lines of text, so no client library is needed. The families (names, help, types)
 * come from `families.ts`, shared with the prom-client registry support.
 */
import { FAMILY_NAMES, metricFamily } from './families.js';
import type { MetricsSnapshot } from './metrics.js';

/** The content type of {@link formatPrometheus}'s output. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Escapes a label value: backslash, double quote and newline, as the format requires. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Renders `snapshot` as Prometheus text; every metric name starts with `prefix` (default `isorpc_`). */
export function formatPrometheus(snapshot: MetricsSnapshot, prefix = 'isorpc_'): string {
  const lines: string[] = [];
  for (const name of FAMILY_NAMES) {
    const family = metricFamily(snapshot, name, prefix);
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.values) {
      const labels = Object.entries(sample.labels).map(([key, value]) => `${key}="${label(value)}"`);
      lines.push(`${sample.metricName ?? family.name}${labels.length === 0 ? '' : `{${labels.join(',')}}`} ${sample.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
