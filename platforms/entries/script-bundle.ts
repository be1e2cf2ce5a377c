/**
 * What the `<script>` bundles carry (the UMD global `isorpc` and dist/isorpc.browser.mjs): everything
 * in `isorpc` except the cluster client and metrics, which would add kilobytes to every page that
 * loads them. In a browser, import the cluster client from `isorpc` through a bundler.
 */
export * from './exports-core.js';
export * from './exports-transports.js';
export { connect, connectPort, createServer } from './index.js';
