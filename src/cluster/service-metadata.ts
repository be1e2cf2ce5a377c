/**
 * Server metadata as registries store it: a URL query string such as
 * `weight=10&state=active&group=blue&latitude=48.85&longitude=2.35`, the layout rpcx writes to etcd,
 * ZooKeeper and Consul, so rpcx tooling reads what isorpc registers and the other way round.
 */

/** Parsed metadata: string pairs. Well-known keys: `weight`, `state`, `group`, `latitude`, `longitude`. */
export type ServiceMetadata = Readonly<Record<string, string>>;

/** A geographic position in degrees. */
export interface GeoLocation {
  /** Degrees north (negative: south). */
  latitude: number;
  /** Degrees east (negative: west). */
  longitude: number;
}

/** Parses `a=1&b=2` (with or without a leading `?`). Repeated keys keep the last value. */
export function parseServiceMetadata(text: string): ServiceMetadata {
  const metadata: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) metadata[key] = value;
  return metadata;
}

/** Formats metadata as a URL query string, keys in insertion order. */
export function formatServiceMetadata(metadata: ServiceMetadata): string {
  return new URLSearchParams(Object.entries(metadata)).toString();
}

/** The `weight` key as a positive number; missing, zero, negative or malformed weights count as 1. */
export function weightOf(metadata: ServiceMetadata): number {
  const weight = Number(metadata.weight);
  return Number.isFinite(weight) && weight > 0 ? weight : 1;
}

/** False only for `state=inactive`, the rpcx way to take a server out of rotation without removing it. */
export function isActive(metadata: ServiceMetadata): boolean {
  return metadata.state !== 'inactive';
}

/** The `latitude`/`longitude` keys, or `undefined` when either is missing or out of range. */
export function locationOf(metadata: ServiceMetadata): GeoLocation | undefined {
  const latitude = coordinate(metadata.latitude);
  const longitude = coordinate(metadata.longitude);
  if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) return undefined;
  return { latitude, longitude };
}

function coordinate(text: string | undefined): number {
  // Number('') is 0: an empty value must not place a server on the equator.
  return text === undefined || text.trim() === '' ? Number.NaN : Number(text);
}
