// Shared by the cluster tests: a seeded RNG, fake members for selector tests, and counting helpers.
import type { ClusterMember, GeoLocation, SelectRequest } from '../../platforms/entries/node.js';

/** mulberry32: a small seeded PRNG, so distribution tests give the same counts on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A member as selectors see it, with settable pending count and latency. */
export interface FakeMember extends ClusterMember {
  pending: number;
  latencyMs: number;
}

export function fakeMember(address: string, fields: { weight?: number; location?: GeoLocation; pending?: number; latencyMs?: number } = {}): FakeMember {
  return {
    address,
    metadata: {},
    weight: fields.weight ?? 1,
    location: fields.location,
    pending: fields.pending ?? 0,
    latencyMs: fields.latencyMs ?? 0,
    latency() {
      return this.latencyMs;
    },
    circuit: 'closed',
    connected: true,
  };
}

export function request(key?: string, method = 'Arith.mul', arg: unknown = null): SelectRequest {
  return { service: 'Arith', method, arg, key };
}

/** Counts occurrences of each value. */
export function tally<T>(values: Iterable<T>): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Polls `check` every 20 ms until it returns true, at most `ms`; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  for (let waited = 0; waited <= ms; waited += 20) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}
