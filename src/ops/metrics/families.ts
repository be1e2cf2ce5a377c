/**
 * A {@link MetricsSnapshot} as Prometheus metric families: names, help, types and samples. One list
 * feeds both outputs, the hand-written text (`formatPrometheus`) and a prom-client registry, so the
 * two always carry the same names. Names follow Prometheus conventions: `_total` counters, seconds
 * and bytes as base units.
 */
import { LATENCY_BUCKETS_SECONDS } from './histogram.js';
import type { MetricsSnapshot } from './snapshot.js';

/** One sample: `metricName` is set for a histogram's `_bucket`, `_sum` and `_count` lines. */
export interface MetricSample {
  readonly metricName?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One metric family, shaped as prom-client's `metric.get()` returns it. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly values: readonly MetricSample[];
}

/** The names of every family, in output order (without the prefix). */
export const FAMILY_NAMES = [
  'connections',
  'connections_total',
  'received_bytes_total',
  'sent_bytes_total',
  'sent_frames_total',
  'reads_total',
  'rejected_total',
  'calls_total',
  'calls_in_flight',
  'call_errors_total',
  'call_duration_seconds',
] as const;

/** A family name without the prefix. */
export type FamilyName = (typeof FAMILY_NAMES)[number];

const HELP: Readonly<Record<FamilyName, readonly [MetricFamily['type'], string]>> = {
  connections: ['gauge', 'Connected peers.'],
  connections_total: ['counter', 'Peers that connected.'],
  received_bytes_total: ['counter', 'Bytes received on byte transports.'],
  sent_bytes_total: ['counter', 'Bytes sent on byte transports.'],
  sent_frames_total: ['counter', 'Frames sent.'],
  reads_total: ['counter', 'Reads from transports (one frame each on WebSocket and ports).'],
  rejected_total: ['counter', 'Calls or connections refused by limits, by reason.'],
  calls_total: ['counter', 'Calls started, by method.'],
  calls_in_flight: ['gauge', 'Calls started and not settled, by method.'],
  call_errors_total: ['counter', 'Failed calls, by method and RpcError code.'],
  call_duration_seconds: ['histogram', 'Call latency in seconds, by method.'],
};

function durationSamples(snapshot: MetricsSnapshot, name: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const m of snapshot.methods) {
    let cumulative = 0;
    m.latency.counts.forEach((count, index) => {
      cumulative += count;
      const le = LATENCY_BUCKETS_SECONDS[index];
      samples.push({ metricName: `${name}_bucket`, labels: { method: m.method, le: le === undefined ? '+Inf' : String(le) }, value: cumulative });
    });
    samples.push({ metricName: `${name}_sum`, labels: { method: m.method }, value: m.latency.sum }, { metricName: `${name}_count`, labels: { method: m.method }, value: m.latency.count });
  }
  return samples;
}

/** The samples of one family. */
export function familySamples(snapshot: MetricsSnapshot, family: FamilyName, prefix: string): MetricSample[] {
  const { server, methods } = snapshot;
  switch (family) {
    case 'connections':
      return [{ labels: {}, value: server.connections }];
    case 'connections_total':
      return [{ labels: {}, value: server.connectionsTotal }];
    case 'received_bytes_total':
      return [{ labels: {}, value: server.bytesIn }];
    case 'sent_bytes_total':
      return [{ labels: {}, value: server.bytesOut }];
    case 'sent_frames_total':
      return [{ labels: {}, value: server.framesOut }];
    case 'reads_total':
      return [{ labels: {}, value: server.readsIn }];
    case 'rejected_total':
      return Object.entries(server.rejected).map(([reason, count]) => ({ labels: { reason }, value: count }));
    case 'calls_total':
      return methods.map((m) => ({ labels: { method: m.method }, value: m.calls }));
    case 'calls_in_flight':
      return methods.map((m) => ({ labels: { method: m.method }, value: m.inFlight }));
    case 'call_errors_total':
      return methods.flatMap((m) => Object.entries(m.errors).map(([code, count]) => ({ labels: { method: m.method, code }, value: count })));
    case 'call_duration_seconds':
      return durationSamples(snapshot, prefix + family);
  }
}

/** One family of `snapshot`, named with `prefix`. */
export function metricFamily(snapshot: MetricsSnapshot, family: FamilyName, prefix: string): MetricFamily {
  const [type, help] = HELP[family];
  return { name: prefix + family, help, type, values: familySamples(snapshot, family, prefix) };
}
