/**
 * `isorpc` in Node (the `node` condition): the same names as the browser build (index.ts), with
 * `createServer`, `connect` and `createClusterClient` of the Node platform, so `listen('tcp://…')` and
 * `connect('tcp://…')` work from the same specifier. `isorpc/node` adds the Node-only handlers.
 */
export * from './exports-core.js';
export * from './exports-cluster.js';
export * from './exports-metrics.js';
export * from './exports-transports.js';
export { connect, connectPort, createClusterClient, createServer } from './node.js';
