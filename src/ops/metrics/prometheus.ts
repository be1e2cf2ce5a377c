/**
 * Prometheus text exposition (format 0.0.4) of a {@link MetricsSnapshot}, written by hand: the
 * format is a few lines of text, so no client library is needed. Names follow Prometheus
 * conventions: `_total` counters, seconds and bytes as base units.
 */
import { LATENCY_BUCKETS_SECONDS } from './histogram.js';
import type { MetricsSnapshot } from './metrics.js';

/** The content type of {@link formatPrometheus}'s output. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Escapes a label value: backslash, double quote and newline, as the format requires. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function header(lines: string[], name: string, type: 'counter' | 'gauge' | 'histogram', help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

/** Renders `snapshot` as Prometheus text; every metric name starts with `prefix` (default `isorpc_`). */
export function formatPrometheus(snapshot: MetricsSnapshot, prefix = 'isorpc_'): string {
  const lines: string[] = [];
  const { server, methods } = snapshot;
  const scalar = (name: string, type: 'counter' | 'gauge', help: string, value: number): void => {
    header(lines, prefix + name, type, help);
    lines.push(`${prefix}${name} ${value}`);
  };
  scalar('connections', 'gauge', 'Connected peers.', server.connections);
  scalar('connections_total', 'counter', 'Peers that connected.', server.connectionsTotal);
  scalar('received_bytes_total', 'counter', 'Bytes received on byte transports.', server.bytesIn);
  scalar('sent_bytes_total', 'counter', 'Bytes sent on byte transports.', server.bytesOut);
  scalar('sent_frames_total', 'counter', 'Frames sent.', server.framesOut);
  scalar('reads_total', 'counter', 'Reads from transports (one frame each on WebSocket and ports).', server.readsIn);

  header(lines, `${prefix}rejected_total`, 'counter', 'Calls or connections refused by limits, by reason.');
  for (const [reason, count] of Object.entries(server.rejected)) lines.push(`${prefix}rejected_total{reason="${label(reason)}"} ${count}`);

  header(lines, `${prefix}calls_total`, 'counter', 'Calls started, by method.');
  for (const m of methods) lines.push(`${prefix}calls_total{method="${label(m.method)}"} ${m.calls}`);
  header(lines, `${prefix}calls_in_flight`, 'gauge', 'Calls started and not settled, by method.');
  for (const m of methods) lines.push(`${prefix}calls_in_flight{method="${label(m.method)}"} ${m.inFlight}`);
  header(lines, `${prefix}call_errors_total`, 'counter', 'Failed calls, by method and RpcError code.');
  for (const m of methods) {
    for (const [code, count] of Object.entries(m.errors)) lines.push(`${prefix}call_errors_total{method="${label(m.method)}",code="${label(code)}"} ${count}`);
  }

  const duration = `${prefix}call_duration_seconds`;
  header(lines, duration, 'histogram', 'Call latency in seconds, by method.');
  for (const m of methods) {
    const method = label(m.method);
    let cumulative = 0;
    m.latency.counts.forEach((count, index) => {
      cumulative += count;
      const le = LATENCY_BUCKETS_SECONDS[index];
      lines.push(`${duration}_bucket{method="${method}",le="${le === undefined ? '+Inf' : String(le)}"} ${cumulative}`);
    });
    lines.push(`${duration}_sum{method="${method}"} ${m.latency.sum}`, `${duration}_count{method="${method}"} ${m.latency.count}`);
  }
  return `${lines.join('\n')}\n`;
}
