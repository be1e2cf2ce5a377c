/**
 * `isorpc/redis`: service discovery and registration on Redis for Node, in rpcx's key layout. It
 * needs the `ioredis` package (an optional peer dependency: `npm install ioredis`); nothing else in
 * isorpc loads it.
 */
export { createRedisDiscovery, type RedisDiscovery, type RedisDiscoveryOptions } from '../redis/redis-discovery.js';
export { createRedisRegistry, type RedisRegistry, type RedisRegistryOptions } from '../redis/redis-registry.js';
export type { RedisConnectionOptions } from '../redis/redis-client.js';
