import { RpcError } from '../errors.js';

/** What the heartbeat needs from its connection. */
export interface HeartbeatHost {
  /** Sends a Ping the peer must answer; any frame it sends back counts. */
  ping(): void;
  /** True while calls are pending or being served: such a connection is never idle. */
  busy(): boolean;
  /** Closes the connection with `reason`. */
  expire(reason: RpcError): void;
}

/** Heartbeat and idle settings in ms; `0` disables each. */
export interface HeartbeatTimes {
  interval: number;
  timeout: number;
  idle: number;
}

/**
 * Liveness for one connection. Any received frame counts as a sign of life, so busy connections
 * send no extra pings: a Ping goes out only after `interval` ms of silence, and the connection is
 * closed with `UNAVAILABLE` once nothing at all arrived for `timeout` ms (a killed process, a frozen
 * or terminated Worker, a half-open socket, a slowloris peer: a partial frame is not a frame).
 * Separately, `idle` closes a connection on which no call was made in either direction.
 *
 * Receiving only sets flags; the clock is read by one unref'd timer per connection, so the frame
 * path pays nothing for it.
 */
export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | undefined;
  private heardSinceTick = false;
  private callSinceTick = false;
  private lastHeard = Date.now();
  private lastCall = Date.now();
  private lastPing = 0;

  constructor(
    private readonly times: HeartbeatTimes,
    private readonly host: HeartbeatHost,
  ) {}

  /** Starts the timer (once the handshake is done). */
  start(): void {
    const { interval, timeout, idle } = this.times;
    const periods = [interval, timeout / 2, idle / 2].filter((ms) => ms > 0);
    if (periods.length === 0 || this.timer !== undefined) return;
    this.lastHeard = this.lastCall = Date.now();
    // Ticks often enough that a deadline is noticed within half of it; never busier than every 5 ms.
    this.timer = setInterval(() => this.tick(), Math.max(5, Math.min(...periods)));
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** A frame arrived; `isCall` for requests, notifications and replies. */
  heard(isCall: boolean): void {
    this.heardSinceTick = true;
    if (isCall) this.callSinceTick = true;
  }

  /** This side made a call (counts against the idle timeout). */
  called(): void {
    this.callSinceTick = true;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = Date.now();
    if (this.heardSinceTick) this.lastHeard = now;
    if (this.callSinceTick || this.host.busy()) this.lastCall = now;
    this.heardSinceTick = this.callSinceTick = false;
    const { interval, timeout, idle } = this.times;
    const silent = now - this.lastHeard;
    if (timeout > 0 && silent >= timeout) {
      return this.host.expire(new RpcError('UNAVAILABLE', `The peer sent nothing for ${silent} ms (heartbeat timeout ${timeout} ms): it is gone, frozen or unreachable; the connection was closed`));
    }
    if (idle > 0 && now - this.lastCall >= idle) {
      return this.host.expire(new RpcError('CLOSED', `The connection was idle (no calls) for ${idle} ms and was closed (idleTimeout)`));
    }
    if (interval > 0 && silent >= interval && now - this.lastPing >= interval) {
      this.lastPing = now;
      this.host.ping();
    }
  }
}
