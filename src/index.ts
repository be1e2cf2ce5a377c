/**
 * `isorpc/core`: the platform-independent core, for bringing your own transport. Platforms import
 * `./internal.js`; this entry is what users see.
 */
export * from './internal.js';
