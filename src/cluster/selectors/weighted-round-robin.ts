import type { ClusterMember, Selector } from './selector.js';

/**
 * Smooth weighted round robin, nginx's algorithm (rpcx's WeightedRoundRobin): every pick adds each
 * candidate's weight to its running score, takes the highest score and subtracts the total weight
 * from it. Weights 5, 1, 1 give a, a, b, a, c, a, a: proportional and spread out, never bursts.
 */
export function weightedRoundRobinSelector(): Selector {
  const scores = new Map<string, number>();
  return {
    name: 'weighted-round-robin',
    select(candidates) {
      let total = 0;
      let best: ClusterMember | undefined;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (const member of candidates) {
        const score = (scores.get(member.address) ?? 0) + member.weight;
        scores.set(member.address, score);
        total += member.weight;
        if (score > bestScore) {
          best = member;
          bestScore = score;
        }
      }
      if (best === undefined) return undefined;
      scores.set(best.address, bestScore - total);
      // Forget servers that left so the map does not grow with churn.
      if (scores.size > candidates.length * 2) {
        const present = new Set(candidates.map((member) => member.address));
        for (const address of scores.keys()) if (!present.has(address)) scores.delete(address);
      }
      return best;
    },
  };
}
