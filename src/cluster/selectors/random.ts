import type { RandomSource, Selector } from './selector.js';

/** Uniformly random (rpcx's RandomSelect). */
export function randomSelector(random: RandomSource = Math.random): Selector {
  return {
    name: 'random',
    select: (candidates) => candidates[Math.floor(random() * candidates.length)],
  };
}
