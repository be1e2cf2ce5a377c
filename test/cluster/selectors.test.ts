// Each select mode on fake members: distribution counts with a seeded RNG, nginx's smooth weighted
// sequence, consistent-hash stability when the set changes, latency- and distance-based choices.
import { describe, expect, test } from 'vitest';
import {
  closestSelector,
  consistentHashSelector,
  distanceKm,
  leastPendingSelector,
  peakEwmaSelector,
  randomSelector,
  roundRobinSelector,
  weightedRoundRobinSelector,
  type ClusterMember,
  type Selector,
} from '../../platforms/entries/node.js';
import { fakeMember, request, seededRandom, tally } from './helpers.js';

function picks(selector: Selector, members: readonly ClusterMember[], count: number, key?: (i: number) => string): string[] {
  return Array.from({ length: count }, (_, i) => selector.select(members, request(key?.(i)))!.address);
}

const abc = (): ClusterMember[] => ['a', 'b', 'c'].map((address) => fakeMember(address));

describe('random', () => {
  test('30,000 seeded picks over three servers land within 1/3 ± 2% each', () => {
    const counts = tally(picks(randomSelector(seededRandom(7)), abc(), 30_000));
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c']);
    for (const count of counts.values()) expect(Math.abs(count / 30_000 - 1 / 3)).toBeLessThan(0.02);
  });
});

describe('round robin', () => {
  test('takes each server in turn', () => {
    expect(picks(roundRobinSelector(), abc(), 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });
});

describe('smooth weighted round robin', () => {
  test("weights 5, 1, 1 give nginx's sequence a a b a c a a, cycle after cycle", () => {
    const members = [fakeMember('a', { weight: 5 }), fakeMember('b', { weight: 1 }), fakeMember('c', { weight: 1 })];
    const cycle = ['a', 'a', 'b', 'a', 'c', 'a', 'a'];
    expect(picks(weightedRoundRobinSelector(), members, 14)).toEqual([...cycle, ...cycle]);
  });

  test('traffic is exactly weight-proportional over whole cycles (1, 2, 7 over 1,000 picks)', () => {
    const members = [fakeMember('a', { weight: 1 }), fakeMember('b', { weight: 2 }), fakeMember('c', { weight: 7 })];
    const counts = tally(picks(weightedRoundRobinSelector(), members, 1000));
    expect(Object.fromEntries(counts)).toEqual({ a: 100, b: 200, c: 700 });
  });
});

describe('consistent hash', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
  const owners = (members: readonly ClusterMember[], selector = consistentHashSelector()): string[] => keys.map((key) => selector.select(members, request(key))!.address);

  test('the same key always goes to the same server', () => {
    const selector = consistentHashSelector();
    const members = abc();
    for (const key of ['alice', 'bob', 'carol']) {
      const first = selector.select(members, request(key))!.address;
      for (let i = 0; i < 50; i++) expect(selector.select(members, request(key))!.address).toBe(first);
    }
  });

  test('10,000 keys spread over three servers, none with under 25% or over 42%', () => {
    const counts = tally(owners(abc()));
    expect(counts.size).toBe(3);
    for (const count of counts.values()) {
      expect(count / keys.length).toBeGreaterThan(0.25);
      expect(count / keys.length).toBeLessThan(0.42);
    }
  });

  test('when a server leaves, only its keys move', () => {
    const before = owners(abc());
    const after = owners(abc().filter((member) => member.address !== 'b'));
    const movedWithoutCause = keys.filter((_, i) => before[i] !== 'b' && after[i] !== before[i]);
    expect(movedWithoutCause).toEqual([]);
    expect(after.filter((owner) => owner === 'b')).toEqual([]);
  });

  test('when a server joins, about a quarter of the keys move, all of them to it', () => {
    const before = owners(abc());
    const after = owners([...abc(), fakeMember('d')]);
    const moved = keys.filter((_, i) => after[i] !== before[i]).length;
    expect(new Set(after.filter((owner, i) => owner !== before[i]))).toEqual(new Set(['d']));
    expect(moved / keys.length).toBeGreaterThan(0.15);
    expect(moved / keys.length).toBeLessThan(0.35);
  });

  test('without a key, the method and argument are the key', () => {
    const selector = consistentHashSelector();
    const members = abc();
    const a1 = selector.select(members, request(undefined, 'Arith.mul', { a: 1, b: 2 }))!.address;
    for (let i = 0; i < 20; i++) expect(selector.select(members, request(undefined, 'Arith.mul', { a: 1, b: 2 }))!.address).toBe(a1);
    const spread = tally(Array.from({ length: 300 }, (_, i) => selector.select(members, request(undefined, 'Arith.mul', { a: i, b: 2 }))!.address));
    expect(spread.size).toBe(3);
  });
});

describe('least pending', () => {
  test('chooses the server with the fewest calls in flight', () => {
    const members = [fakeMember('a', { pending: 4 }), fakeMember('b', { pending: 1 }), fakeMember('c', { pending: 9 })];
    expect(new Set(picks(leastPendingSelector(seededRandom(1)), members, 50))).toEqual(new Set(['b']));
  });

  test('shares ties at random', () => {
    const members = [fakeMember('a', { pending: 2 }), fakeMember('b', { pending: 2 }), fakeMember('c', { pending: 3 })];
    const counts = tally(picks(leastPendingSelector(seededRandom(2)), members, 1000));
    expect(counts.get('c')).toBeUndefined();
    expect(counts.get('a')! / 1000).toBeGreaterThan(0.4);
    expect(counts.get('b')! / 1000).toBeGreaterThan(0.4);
  });
});

describe('peak EWMA', () => {
  test('a slow server loses every two-way draw against faster ones', () => {
    const members = [fakeMember('fast-1', { latencyMs: 1 }), fakeMember('slow', { latencyMs: 50 }), fakeMember('fast-2', { latencyMs: 1.2 })];
    const counts = tally(picks(peakEwmaSelector(seededRandom(3)), members, 3000));
    expect(counts.get('slow')).toBeUndefined();
    expect(counts.get('fast-1')! + counts.get('fast-2')!).toBe(3000);
  });

  test('cost is latency × (pending + 1): a fast server with a long queue loses to a slower idle one', () => {
    const members = [fakeMember('fast-busy', { latencyMs: 2, pending: 40 }), fakeMember('slower-idle', { latencyMs: 20, pending: 0 })];
    expect(new Set(picks(peakEwmaSelector(seededRandom(4)), members, 100))).toEqual(new Set(['slower-idle']));
  });
});

describe('closest', () => {
  const paris = { latitude: 48.8566, longitude: 2.3522 };
  const members = [
    fakeMember('new-york', { location: { latitude: 40.7128, longitude: -74.006 } }),
    fakeMember('nowhere'),
    fakeMember('frankfurt', { location: { latitude: 50.1109, longitude: 8.6821 } }),
    fakeMember('tokyo', { location: { latitude: 35.6762, longitude: 139.6503 } }),
  ];

  test('haversine distance Paris–New York is about 5,837 km', () => {
    expect(distanceKm(paris, members[0]!.location!)).toBeCloseTo(5837, -1);
  });

  test('chooses the nearest server; servers without coordinates only when no other is left', () => {
    const selector = closestSelector(paris, seededRandom(5));
    expect(new Set(picks(selector, members, 20))).toEqual(new Set(['frankfurt']));
    expect(selector.select([members[1]!, members[3]!], request())!.address).toBe('tokyo');
    expect(selector.select([members[1]!], request())!.address).toBe('nowhere');
  });
});
