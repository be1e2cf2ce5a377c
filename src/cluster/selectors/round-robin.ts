import type { Selector } from './selector.js';

/** Each server in turn (rpcx's RoundRobin). The turn is kept across changes of the server set. */
export function roundRobinSelector(): Selector {
  let turn = 0;
  return {
    name: 'round-robin',
    select(candidates) {
      const chosen = candidates[turn % candidates.length];
      turn = (turn + 1) % 0x7fffffff;
      return chosen;
    },
  };
}
