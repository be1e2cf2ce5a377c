// The cluster proof (registry-cluster-suite.ts) on a real Redis, restarted empty (no persistence).
import { Redis } from 'ioredis';
import { createRedisDiscovery } from '../../platforms/entries/redis.js';
import { registryClusterSuite } from './registry-cluster-suite.js';
import { startRedis } from './redis-server.js';

registryClusterSuite({
  kind: 'redis',
  startServer: startRedis,
  discovery: (endpoint, basePath) => createRedisDiscovery({ url: endpoint, basePath }),
  async registered(endpoint, basePath) {
    const kv = new Redis(endpoint);
    try {
      const keys = await kv.keys(`/${basePath}/Arith/*`);
      return keys.map((key) => key.slice(`/${basePath}/Arith/`.length)).sort();
    } finally {
      kv.disconnect();
    }
  },
  killTtl: 2,
  restartTtl: 5,
});
