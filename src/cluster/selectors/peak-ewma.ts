import type { ClusterMember, RandomSource, Selector } from './selector.js';

/**
 * Peak-EWMA latency with two random choices (Finagle, Linkerd): draw two servers, take the one with
 * the lower cost = latency × (pending + 1). Latency is each server's peak-sensitive moving average of
 * this client's own reply times (see the member's `latency()`), so a server that turns slow loses
 * traffic at once and wins it back gradually, without ICMP or server reports. Two choices rather than
 * the minimum keep many clients from all rushing to the same fastest server.
 */
export function peakEwmaSelector(random: RandomSource = Math.random): Selector {
  return {
    name: 'peak-ewma',
    select(candidates) {
      if (candidates.length === 1) return candidates[0];
      const first = Math.floor(random() * candidates.length);
      let second = Math.floor(random() * (candidates.length - 1));
      if (second >= first) second++;
      const now = Date.now();
      const a = candidates[first]!;
      const b = candidates[second]!;
      return cost(a, now) <= cost(b, now) ? a : b;
    },
  };
}

/**
 * The +1 ms floor keeps a server with no reply yet (latency 0) from looking free however many calls
 * it already holds: it wins while its queue is short, then competes on measured latency.
 */
function cost(member: ClusterMember, now: number): number {
  return (member.latency(now) + 1) * (member.pending + 1);
}
