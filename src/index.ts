/**
 * `isorpc/core`: the platform-independent core, for bringing your own transport. Platforms import
 * `./internal.js`; this entry is what users see.
 *
 * @module isorpc/core
 */
export * from './internal.js';
