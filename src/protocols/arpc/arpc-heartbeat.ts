import { RpcError } from '../../errors.js';

/** Heartbeat settings in ms; `0` disables each. */
export interface ArpcHeartbeatTimes {
  /** A Ping goes out after this long without hearing from the other side. */
  interval: number;
  /** The connection closes (`UNAVAILABLE`) after this long without hearing anything. */
  timeout: number;
}

/**
 * arpc's liveness: any frame counts as a sign of life, so only a silent connection sends a Ping,
 * and one that stays silent past `timeout` is closed. Receiving only sets a flag; one unref'd timer
 * reads the clock.
 */
export class ArpcHeartbeat {
  private heard = false;
  private lastHeard = Date.now();
  private lastPing = 0;
  private readonly timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly times: ArpcHeartbeatTimes,
    private readonly ping: () => void,
    private readonly expire: (reason: RpcError) => void,
  ) {
    const periods = [times.interval, times.timeout / 2].filter((ms) => ms > 0);
    if (periods.length === 0) return;
    this.timer = setInterval(() => this.tick(), Math.max(5, Math.min(...periods)));
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Something arrived. */
  heardFrom(): void {
    this.heard = true;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private tick(): void {
    const now = Date.now();
    if (this.heard) {
      this.heard = false;
      this.lastHeard = now;
    }
    const silent = now - this.lastHeard;
    const { interval, timeout } = this.times;
    if (timeout > 0 && silent > timeout) {
      this.expire(new RpcError('UNAVAILABLE', `Nothing arrived from the arpc peer for ${silent} ms (heartbeatTimeout ${timeout} ms); the link is presumed dead`));
    } else if (interval > 0 && silent >= interval && now - this.lastPing >= interval) {
      this.lastPing = now;
      this.ping();
    }
  }
}
