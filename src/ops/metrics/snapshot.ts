// The plain-data shape of a metrics snapshot, apart from the code that fills it, so the Prometheus
// text, prom-client and the admin page can name it without importing createMetrics.
import type { HistogramSnapshot } from './histogram.js';

/** Latency of one method: the histogram plus estimated percentiles in milliseconds. */
export interface LatencySnapshot extends HistogramSnapshot {
  /** The median, in ms; `undefined` before any call. */
  readonly p50: number | undefined;
  /** The 90th percentile, in ms. */
  readonly p90: number | undefined;
  /** The 99th percentile, in ms. */
  readonly p99: number | undefined;
}

/** The numbers of one method. */
export interface MethodMetrics {
  /** The method's name. */
  readonly method: string;
  /** Calls that reached the handler's middleware chain (started). */
  readonly calls: number;
  /** Calls started and not settled yet. */
  readonly inFlight: number;
  /** Failed calls by `RpcError` code (`REMOTE` for errors the handler threw). */
  readonly errors: Readonly<Record<string, number>>;
  /** The method's latency histogram and percentiles. */
  readonly latency: LatencySnapshot;
}

/** The numbers of one server. */
export interface ServerMetrics {
  /** Connected peers now. */
  readonly connections: number;
  /** Peers that ever connected. */
  readonly connectionsTotal: number;
  /** Bytes received and sent on byte transports (TCP, WebSocket); value transports (ports) carry no bytes. */
  readonly bytesIn: number;
  /** Bytes sent. */
  readonly bytesOut: number;
  /** Frames sent. */
  readonly framesOut: number;
  /** Reads: one frame each on WebSocket and ports; a TCP read may hold several frames or part of one. */
  readonly readsIn: number;
  /** Requests or connections refused by limits, by reason (see `Metrics.countRejected`). */
  readonly rejected: Readonly<Record<string, number>>;
}

/** Everything, as plain data (what `isorpc.Admin.snapshot` and the Prometheus handler read). */
export interface MetricsSnapshot {
  /** When the snapshot was taken, ms since the epoch. */
  readonly time: number;
  /** The server-wide numbers. */
  readonly server: ServerMetrics;
  /** Per method, sorted by name. */
  readonly methods: readonly MethodMetrics[];
}
