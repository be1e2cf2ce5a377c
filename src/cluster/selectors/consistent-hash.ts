import type { SelectRequest, Selector } from './selector.js';

/** Options of {@link consistentHashSelector}. */
export interface ConsistentHashOptions {
  /** Points per server on the ring; more spread keys more evenly. Default 160. */
  replicas?: number;
  /** The key of a call that has no `key` option. Default: the method and the JSON of the argument. */
  keyOf?: (request: SelectRequest) => string;
}

/**
 * Consistent hashing on a key taken from the call (rpcx's ConsistentHash): the same key goes to the
 * same server while the set is stable, and when a server joins or leaves only the keys on its share
 * of the ring move. A ring of `replicas` points per server, binary-searched.
 */
export function consistentHashSelector(options: ConsistentHashOptions = {}): Selector {
  const replicas = options.replicas ?? 160;
  if (!Number.isInteger(replicas) || replicas < 1) throw new TypeError(`replicas must be an integer ≥ 1, got ${String(options.replicas)}`);
  const keyOf = options.keyOf ?? defaultKey;
  const rings = new Map<string, Ring>();
  return {
    name: 'consistent-hash',
    select(candidates, request) {
      const signature = candidates.map((member) => member.address).join('\n');
      let ring = rings.get(signature);
      if (ring === undefined) {
        // A few rings are kept: the full set, and the sets a failover sees with one server excluded.
        if (rings.size >= 8) rings.delete(rings.keys().next().value!);
        ring = buildRing(candidates.map((member) => member.address), replicas);
        rings.set(signature, ring);
      }
      const address = ring.lookup(hash32(request.key ?? keyOf(request)));
      return candidates.find((member) => member.address === address);
    },
  };
}

function defaultKey(request: SelectRequest): string {
  let arg: string;
  try {
    arg = JSON.stringify(request.arg) ?? '';
  } catch {
    arg = String(request.arg);
  }
  return `${request.method}\u0000${arg}`;
}

interface Ring {
  lookup(hash: number): string;
}

function buildRing(addresses: readonly string[], replicas: number): Ring {
  const points: Array<[number, string]> = [];
  for (const address of addresses) for (let i = 0; i < replicas; i++) points.push([hash32(`${address}#${i}`), address]);
  points.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  const hashes = Uint32Array.from(points, (point) => point[0]);
  const owners = points.map((point) => point[1]);
  return {
    lookup(hash) {
      // The first point at or after the hash, wrapping to the start.
      let low = 0;
      let high = hashes.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (hashes[mid]! < hash) low = mid + 1;
        else high = mid;
      }
      return owners[low === hashes.length ? 0 : low]!;
    },
  };
}

/** FNV-1a over the string's UTF-16 units, then murmur3's finaliser so similar keys scatter. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

