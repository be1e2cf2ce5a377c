// The cluster proof (registry-cluster-suite.ts) on a real etcd (Debian's etcd-server, started by the test).
import { Etcd3 } from 'etcd3';
import { createEtcdDiscovery } from '../../platforms/entries/etcd.js';
import { startEtcd } from './etcd-server.js';
import { registryClusterSuite } from './registry-cluster-suite.js';

registryClusterSuite({
  kind: 'etcd',
  startServer: startEtcd,
  discovery: (endpoint, basePath) => createEtcdDiscovery({ hosts: endpoint, basePath }),
  async registered(endpoint, basePath) {
    const kv = new Etcd3({ hosts: endpoint });
    try {
      const keys = await kv.getAll().prefix(`${basePath}/Arith/`).keys();
      return keys.map((key) => key.slice(`${basePath}/Arith/`.length)).sort();
    } finally {
      kv.close();
    }
  },
  killTtl: 2,
  restartTtl: 5,
});
