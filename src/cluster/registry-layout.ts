/**
 * rpcx's registry layout, shared by every registry-backed source: the servers of a service are the
 * entries under `{basePath}/{service}/`, each named by its address (`tcp@10.0.0.5:8972`) and holding
 * its metadata as a URL query (see service-metadata.ts).
 */

/** rpcx's usual base path, and isorpc's default. */
export const DEFAULT_BASE_PATH = '/rpcx';

/** @internal `{basePath}/{service}/` with exactly one slash between parts. */
export function servicePrefix(basePath: string | undefined, service: string): string {
  const base = (basePath ?? DEFAULT_BASE_PATH).replace(/\/+$/, '');
  return `${base}/${service}/`;
}
