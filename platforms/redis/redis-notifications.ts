/**
 * Redis keyspace notifications, which Redis leaves off by default (`notify-keyspace-events ""`). The
 * discovery needs the keyspace class (K) for string writes ($), generic commands like DEL (g) and
 * expirations (x); it adds the missing flags to whatever is configured, never removing any. Managed
 * Redis services often refuse CONFIG: then the discovery relies on its poll interval.
 */
import type { Redis } from 'ioredis';

const NEEDED = ['K', '$', 'g', 'x'] as const;
/** Flags `A` stands for (Redis 7: every class but key-miss and new-key events). */
const ALIAS_A = 'g$lshzxetd';

/** The flags to add to `current` so that it includes K, $, g and x. */
export function missingKeyspaceFlags(current: string): string {
  const has = (flag: string): boolean => current.includes(flag) || (flag !== 'K' && current.includes('A') && ALIAS_A.includes(flag));
  return NEEDED.filter((flag) => !has(flag)).join('');
}

/** @internal Turns on the keyspace notifications the discovery needs; throws when Redis refuses CONFIG. */
export async function enableKeyspaceEvents(client: Redis): Promise<void> {
  const reply = (await client.config('GET', 'notify-keyspace-events')) as unknown;
  const current = Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : '';
  const missing = missingKeyspaceFlags(current);
  if (missing !== '') await client.config('SET', 'notify-keyspace-events', current + missing);
}
