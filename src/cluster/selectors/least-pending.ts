import type { ClusterMember, RandomSource, Selector } from './selector.js';

/** The server with the fewest calls in flight from this client; ties broken at random. */
export function leastPendingSelector(random: RandomSource = Math.random): Selector {
  return {
    name: 'least-pending',
    select(candidates) {
      let fewest = Number.POSITIVE_INFINITY;
      let tied: ClusterMember[] = [];
      for (const member of candidates) {
        if (member.pending < fewest) {
          fewest = member.pending;
          tied = [member];
        } else if (member.pending === fewest) {
          tied.push(member);
        }
      }
      return tied[Math.floor(random() * tied.length)];
    },
  };
}
