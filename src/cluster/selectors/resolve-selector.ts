import type { GeoLocation } from '../service-metadata.js';
import { closestSelector } from './closest.js';
import { consistentHashSelector } from './consistent-hash.js';
import { leastPendingSelector } from './least-pending.js';
import { peakEwmaSelector } from './peak-ewma.js';
import { randomSelector } from './random.js';
import { roundRobinSelector } from './round-robin.js';
import type { RandomSource, SelectMode, Selector, SelectorFunction } from './selector.js';
import { weightedRoundRobinSelector } from './weighted-round-robin.js';

/** Every built-in select mode. */
export const SELECT_MODES: readonly SelectMode[] = ['random', 'round-robin', 'weighted-round-robin', 'consistent-hash', 'least-pending', 'peak-ewma', 'closest'];

/** @internal Turns the `select` option into a Selector. */
export function resolveSelector(select: SelectMode | Selector | SelectorFunction, random: RandomSource, location: GeoLocation | undefined): Selector {
  if (typeof select === 'function') return { name: select.name || 'custom', select };
  if (typeof select === 'object' && select !== null && typeof select.select === 'function') return select;
  switch (select) {
    case 'random':
      return randomSelector(random);
    case 'round-robin':
      return roundRobinSelector();
    case 'weighted-round-robin':
      return weightedRoundRobinSelector();
    case 'consistent-hash':
      return consistentHashSelector();
    case 'least-pending':
      return leastPendingSelector(random);
    case 'peak-ewma':
      return peakEwmaSelector(random);
    case 'closest':
      if (location === undefined) throw new TypeError("select: 'closest' needs the client's location option: { latitude, longitude }");
      return closestSelector(location, random);
    default:
      throw new TypeError(`Unknown select mode ${JSON.stringify(select)}; use one of ${SELECT_MODES.join(', ')}, a Selector or a function`);
  }
}
