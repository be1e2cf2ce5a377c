/** Ring sizes: small for a quiet connection, at most this many slots (8 bytes each) for a busy one. */
const INITIAL_SLOTS = 64;
const MAX_SLOTS = 4096;

/**
 * Calls in progress by sequence number, with a Map's behaviour (set replaces, delete, get, size).
 * Sequence numbers are handed out in order, so the live ones sit in a ring indexed by `seq`, and a
 * call that outlives a full ring of newer ones goes to a Map beside it. A Map alone costs more here:
 * when a few hundred replies settle in one read its table shrinks, then grows again as the next calls
 * go out, reallocating every time.
 */
export class CallTable<Entry extends { readonly seq: number }> {
  private ring: Array<Entry | undefined> = new Array<Entry | undefined>(INITIAL_SLOTS).fill(undefined);
  private mask = INITIAL_SLOTS - 1;
  private readonly overflow = new Map<number, Entry>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(seq: number): Entry | undefined {
    const entry = this.ring[seq & this.mask];
    if (entry !== undefined && entry.seq === seq) return entry;
    return this.overflow.size === 0 ? undefined : this.overflow.get(seq);
  }

  has(seq: number): boolean {
    return this.get(seq) !== undefined;
  }

  /** Adds `entry` under its `seq`, replacing the entry already there. */
  set(entry: Entry): void {
    const seq = entry.seq;
    const slot = seq & this.mask;
    const current = this.ring[slot];
    if (current !== undefined && current.seq === seq) {
      this.ring[slot] = entry;
      return;
    }
    if (this.overflow.size > 0 && this.overflow.has(seq)) {
      this.overflow.set(seq, entry);
      return;
    }
    this.count++;
    if (current === undefined) this.ring[slot] = entry;
    else if (this.ring.length < MAX_SLOTS) {
      this.grow();
      this.place(entry);
    } else this.overflow.set(seq, entry);
  }

  /** Removes the entry under `seq`; true when there was one. */
  delete(seq: number): boolean {
    const slot = seq & this.mask;
    const entry = this.ring[slot];
    if (entry !== undefined && entry.seq === seq) {
      this.ring[slot] = undefined;
      this.count--;
      return true;
    }
    if (this.overflow.size === 0 || !this.overflow.delete(seq)) return false;
    this.count--;
    return true;
  }

  /** Every entry, in no particular order (a copy: the table may change while it is walked). */
  values(): Entry[] {
    const entries: Entry[] = [];
    for (const entry of this.ring) if (entry !== undefined) entries.push(entry);
    for (const entry of this.overflow.values()) entries.push(entry);
    return entries;
  }

  clear(): void {
    this.ring.fill(undefined);
    this.overflow.clear();
    this.count = 0;
  }

  /** Doubles the ring; entries that still collide stay in (or move to) the overflow Map. */
  private grow(): void {
    const entries = this.ring;
    this.ring = new Array<Entry | undefined>(entries.length * 2).fill(undefined);
    this.mask = this.ring.length - 1;
    for (const entry of entries) if (entry !== undefined) this.place(entry);
  }

  private place(entry: Entry): void {
    const slot = entry.seq & this.mask;
    if (this.ring[slot] === undefined) this.ring[slot] = entry;
    else this.overflow.set(entry.seq, entry);
  }
}
