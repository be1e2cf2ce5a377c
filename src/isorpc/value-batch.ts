import type { ValueFrame } from './value-frames.js';

/**
 * Value-frame batching for MessagePort-like transports (docs/PROTOCOL.md, "Value frames"): once both
 * sides announced `coalesce`, the frames queued in one tick travel as one message, an array of value
 * frames. One postMessage (one structured clone, one message event) for many small calls is what
 * makes a port cheaper than one message per call.
 *
 * Only frames whose body is certain to clone are queued: a frame that could fail (a function inside,
 * a class instance, a large object graph not worth walking) is posted alone, at once, so its
 * DataCloneError still reaches the code that sent it. Order is kept: the queue leaves first.
 */
export class ValueBatch {
  private queue: ValueFrame[] = [];
  private scheduled = false;
  private readonly flushNow = (): void => this.flush();

  constructor(
    private readonly post: (data: unknown) => void,
    private readonly schedule: (task: () => void) => void,
  ) {}

  /** Queues `frame` for this tick; false when it must be posted alone (after {@link flush}). */
  add(frame: ValueFrame): boolean {
    if (!clonesSafely(frame[5], CHECK_BUDGET)) return false;
    this.queue.push(frame);
    if (this.queue.length >= MAX_BATCH) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(this.flushNow);
    }
    return true;
  }

  /** Posts what is queued now: one frame as itself, several as one batch. */
  flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    this.post(queue.length === 1 ? queue[0] : queue);
  }
}

/**
 * Frames in one batch at most: the peer starts on a full batch while this side is still producing
 * (as the byte outbox's early flush does), and a batch stays a modest structured clone.
 */
const MAX_BATCH = 64;

/** Objects and array items {@link clonesSafely} looks at before it gives up and says "post alone". */
const CHECK_BUDGET = 64;

/** Remaining budget after walking `value`, or -1 when it may not clone (or the budget ran out). */
function walk(value: unknown, budget: number): number {
  if (value === null) return budget;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return budget;
    case 'object':
      break;
    default:
      return -1; // functions and symbols do not clone
  }
  if (--budget < 0) return -1;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date) return budget;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (Array.isArray(value)) {
    if (value.length > budget) return -1;
    for (const item of value) if ((budget = walk(item, budget)) < 0) return -1;
    return budget;
  }
  // Plain objects only: anything else (class instances, Maps, host objects) is left to postMessage.
  if (prototype !== Object.prototype && prototype !== null) return -1;
  for (const key in value) {
    if ((budget = walk((value as Record<string, unknown>)[key], budget)) < 0) return -1;
  }
  return budget;
}

/** True when `value` is small plain data that structured clone certainly accepts. */
export function clonesSafely(value: unknown, budget: number): boolean {
  return walk(value, budget) >= 0;
}

/** The frames of a received batch (an array of value frames), or undefined for a single frame. */
export function batchedFrames(data: unknown): readonly unknown[] | undefined {
  return Array.isArray(data) && Array.isArray(data[0]) ? data : undefined;
}
