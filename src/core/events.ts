type Listener = (...args: never[]) => void;

/** A minimal typed event emitter that runs anywhere (no Node `events`). */
export class Emitter<Events extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof Events, Listener[]>();

  /** Adds a listener; returns a function that removes it. */
  on<E extends keyof Events>(event: E, listener: (...args: Events[E]) => void): () => void {
    const stored = listener as unknown as Listener;
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), stored]);
    return () => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== stored));
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as unknown as (...args: Events[E]) => void)(...args);
  }
}
