/** Runs `task` later; see {@link afterMicrotasks}. */
export type Schedule = (task: () => void) => void;
/**
 * Runs a task once the microtasks already queued have run. Node's nextTick queue runs only after the
 * microtask queue is empty, so chains of awaits (a stream's window of items, replies finishing at
 * different depths) all join one write; elsewhere (browsers) a microtask behind those waiting.
 * A feature test, not an import: src/ stays platform-free.
 */
export const afterMicrotasks: Schedule =
  (globalThis as { process?: { nextTick?: Schedule } }).process?.nextTick ??
  // Wrapped: a browser's queueMicrotask throws "Illegal invocation" when called as another object's method.
  ((task) => queueMicrotask(task));
