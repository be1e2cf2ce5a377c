// The cluster proof (registry-cluster-suite.ts) on a real ZooKeeper, restarted within the members'
// session timeout (their sessions, and so their ephemeral nodes, survive the restart).
import { createZooKeeperDiscovery } from '../../platforms/entries/zookeeper.js';
import { ZooKeeperSession } from '../../platforms/zookeeper/zookeeper-session.js';
import { registryClusterSuite } from './registry-cluster-suite.js';
import { startZooKeeper } from './zookeeper-server.js';

registryClusterSuite({
  kind: 'zookeeper',
  startServer: startZooKeeper,
  discovery: (endpoint, basePath) => createZooKeeperDiscovery({ hosts: endpoint, basePath }),
  async registered(endpoint, basePath) {
    const session = new ZooKeeperSession({ hosts: endpoint });
    try {
      return (await session.children(`${basePath}/Arith`)).sort();
    } finally {
      await session.close();
    }
  },
  killTtl: 2,
  restartTtl: 5,
});
