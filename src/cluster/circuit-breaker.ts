/**
 * A circuit breaker for one server. Closed: calls pass and outcomes are counted. Too many failures
 * (a run of consecutive ones, or a high error rate over a sliding window) open it: the server is
 * skipped for `openDuration`. Then it is half-open: one probe call passes; its success closes the
 * circuit, its failure opens it again.
 */

/** Breaker thresholds. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. Default 5. */
  consecutiveFailures?: number;
  /** Failure ratio over the window (0–1) that opens the circuit. Default 0.5. */
  errorRate?: number;
  /** Calls the window must hold before `errorRate` is judged. Default 20. */
  minimumCalls?: number;
  /** Length of the sliding window, in ms. Default 10 000. */
  window?: number;
  /** How long the circuit stays open before a probe, in ms. Default 5000. */
  openDuration?: number;
  /** Probe calls allowed at once while half-open. Default 1. */
  halfOpenProbes?: number;
}

/** Where a breaker stands. */
export type CircuitState = 'closed' | 'open' | 'half-open';

const BUCKETS = 10;

/** One server's breaker. */
export interface CircuitBreaker {
  /** The state now (an open circuit whose time is up reads as half-open). */
  readonly state: CircuitState;
  /** Whether a call may go to this server now; does not change anything. */
  allows(): boolean;
  /** A call is about to go out (call only when `allows()`): takes a probe slot while half-open. */
  onRequest(): void;
  /** The server answered (a reply or an application error). */
  onSuccess(): void;
  /** The server did not answer (unreachable, connection lost, timed out). */
  onFailure(): void;
  /** The call ended without a verdict (cancelled by the caller): frees its probe slot. */
  onIgnored(): void;
}

/** Creates a breaker; `now` (a ms clock) is injectable for tests. */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}, now: () => number = Date.now): CircuitBreaker {
  return new Breaker(options, now);
}

class Breaker implements CircuitBreaker {
  private readonly consecutiveLimit: number;
  private readonly errorRate: number;
  private readonly minimumCalls: number;
  private readonly bucketMs: number;
  private readonly openDuration: number;
  private readonly halfOpenProbes: number;
  private current: CircuitState = 'closed';
  private consecutive = 0;
  private openedAt = 0;
  private probes = 0;
  /** Per-bucket [calls, failures]; bucket i covers one `bucketMs` slice of the window. */
  private readonly calls = new Array<number>(BUCKETS).fill(0);
  private readonly failures = new Array<number>(BUCKETS).fill(0);
  private bucketStart = 0;
  private bucket = 0;

  constructor(
    options: CircuitBreakerOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.consecutiveLimit = positive('consecutiveFailures', options.consecutiveFailures ?? 5);
    this.errorRate = options.errorRate ?? 0.5;
    if (!(this.errorRate > 0 && this.errorRate <= 1)) throw new TypeError(`errorRate must be in (0, 1], got ${String(options.errorRate)}`);
    this.minimumCalls = positive('minimumCalls', options.minimumCalls ?? 20);
    this.bucketMs = positive('window', options.window ?? 10_000) / BUCKETS;
    this.openDuration = positive('openDuration', options.openDuration ?? 5000);
    this.halfOpenProbes = positive('halfOpenProbes', options.halfOpenProbes ?? 1);
    this.bucketStart = this.now();
  }

  /** The state now (an open circuit whose time is up reads as half-open). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.openDuration) return 'half-open';
    return this.current;
  }

  /** Whether a call may go to this server now; does not change anything. */
  allows(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && this.probes < this.halfOpenProbes);
  }

  /** A call is about to go out (call only when `allows()`): takes a probe slot while half-open. */
  onRequest(): void {
    if (this.state === 'half-open') {
      this.current = 'half-open';
      this.probes++;
    }
  }

  /** The server answered (a reply or an application error). */
  onSuccess(): void {
    this.count(false);
    this.consecutive = 0;
    if (this.current === 'half-open') this.close();
  }

  /** The server did not answer (unreachable, connection lost, timed out). */
  onFailure(): void {
    this.count(true);
    this.consecutive++;
    if (this.current === 'half-open') return this.open();
    if (this.current === 'closed' && (this.consecutive >= this.consecutiveLimit || this.rateExceeded())) this.open();
  }

  /** The call ended without a verdict (cancelled by the caller): frees its probe slot. */
  onIgnored(): void {
    if (this.current === 'half-open' && this.probes > 0) this.probes--;
  }

  private open(): void {
    this.current = 'open';
    this.openedAt = this.now();
    this.probes = 0;
  }

  private close(): void {
    this.current = 'closed';
    this.probes = 0;
    this.consecutive = 0;
    this.calls.fill(0);
    this.failures.fill(0);
  }

  private rateExceeded(): boolean {
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < BUCKETS; i++) {
      calls += this.calls[i]!;
      failures += this.failures[i]!;
    }
    return calls >= this.minimumCalls && failures / calls >= this.errorRate;
  }

  /** Adds one outcome to the current bucket, first clearing buckets the window has slid past. */
  private count(failed: boolean): void {
    const now = this.now();
    const elapsed = Math.floor((now - this.bucketStart) / this.bucketMs);
    if (elapsed > 0) {
      for (let i = 1; i <= Math.min(elapsed, BUCKETS); i++) {
        const index = (this.bucket + i) % BUCKETS;
        this.calls[index] = 0;
        this.failures[index] = 0;
      }
      this.bucket = (this.bucket + elapsed) % BUCKETS;
      this.bucketStart += elapsed * this.bucketMs;
    }
    this.calls[this.bucket]!++;
    if (failed) this.failures[this.bucket]!++;
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new TypeError(`${name} must be a finite number > 0, got ${String(value)}`);
  return value;
}
