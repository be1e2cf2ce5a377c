import type { GeoLocation } from '../service-metadata.js';
import type { ClusterMember, RandomSource, Selector } from './selector.js';

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: GeoLocation, b: GeoLocation): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The geographically closest server to `here`, from each server's `latitude`/`longitude` metadata
 * (rpcx's Closest). Servers without a location come last; equally close servers share the load at random.
 */
export function closestSelector(here: GeoLocation, random: RandomSource = Math.random): Selector {
  return {
    name: 'closest',
    select(candidates) {
      let nearest = Number.POSITIVE_INFINITY;
      let tied: ClusterMember[] = [];
      for (const member of candidates) {
        const distance = member.location === undefined ? Number.POSITIVE_INFINITY : distanceKm(here, member.location);
        if (distance < nearest) {
          nearest = distance;
          tied = [member];
        } else if (distance === nearest) {
          tied.push(member);
        }
      }
      return tied[Math.floor(random() * tied.length)];
    },
  };
}
