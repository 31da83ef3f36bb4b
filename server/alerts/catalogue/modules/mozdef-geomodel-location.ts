// MozDef geomodel_location: a user acting from a place they could not have travelled to since their
// previous action (airliner speed, with each place's 50 km radius as slack). MozDef kept each user's
// localities for a day in an index of their own; here the group's window (one day per user) is that
// memory, and each new action is compared with the user's latest located one. Locations come from
// details.sourceipgeolocation, set by the GeoIP enrichment from the bundled GeoLite2 data.
import { defineCodeRule, type PicketEvent } from '../../code-rules/define.ts';

/** MozDef's air travel speed, m/s (1000 km/h). */
const AIR_TRAVEL_SPEED = 277.778;
/** MozDef's locality radius, km: places closer than this are the same place. */
const RADIUS_KM = 50;
const EARTH_RADIUS_KM = 6373;

interface Locality {
  ip: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  observed: string;
  at: number;
}

function localityOf(e: PicketEvent): Locality | null {
  const d = e.details as { sourceipaddress?: unknown; sourceipgeolocation?: Record<string, unknown> };
  const g = d.sourceipgeolocation;
  if (typeof d.sourceipaddress !== 'string' || !g || typeof g !== 'object') return null;
  const { city, country_code: country, latitude, longitude } = g;
  if (
    typeof city !== 'string' ||
    typeof country !== 'string' ||
    typeof latitude !== 'number' ||
    typeof longitude !== 'number'
  )
    return null;
  const at = Date.parse(e.utctimestamp);
  if (Number.isNaN(at)) return null;
  return { ip: d.sourceipaddress, city, country, latitude, longitude, observed: e.utctimestamp, at };
}

/** Great-circle distance in km, as MozDef computes it (haversine, earth radius 6373 km). */
function distanceKm(a: Locality, b: Locality): number {
  const rad = Math.PI / 180;
  const dlat = (b.latitude - a.latitude) * rad;
  const dlon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dlat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)) * EARTH_RADIUS_KM;
}

function travelPossible(from: Locality, to: Locality): boolean {
  const seconds = Math.abs(to.at - from.at) / 1000;
  const timeToTravel = (1000 * distanceKm(from, to)) / AIR_TRAVEL_SPEED;
  const pad = Math.ceil((1000 * RADIUS_KM) / AIR_TRAVEL_SPEED);
  return timeToTravel - pad <= seconds;
}

const origin = (l: Locality) => ({
  ip: l.ip,
  city: l.city,
  country: l.country,
  latitude: l.latitude,
  longitude: l.longitude,
  observed: l.observed,
  geopoint: `${l.latitude},${l.longitude}`,
});

export default defineCodeRule({
  name: 'GeoModel location',
  description:
    'MozDef geomodel_location: a user acting (Auth0 events, tags:auth0) from a place they could not have reached since their previous action. ' +
    'MozDef defaults (geomodel_location.json): events tags:auth0, localities kept 1 day, severity INFO, no whitelisted users or networks. ' +
    'To whitelist users or networks, add exceptions to the rule (e.g. details.username:svc-bot or details.sourceipaddress:10.0.0.0/8).',
  query:
    'tags:auth0 AND _exists_:details.username AND NOT details.username:"" AND _exists_:details.sourceipgeolocation.latitude',
  groupBy: ['details.username'],
  window: '1d',
  severity: 'INFO',
  category: 'geomodel',
  tags: ['geomodel'],
  summary: '{details.username} seen in two places too far apart',
  evaluate({ key, events }) {
    const last = events[events.length - 1];
    const to = localityOf(last);
    if (!to) return null;
    // The user's latest located action before this one (the window is in event-time order).
    let from: Locality | null = null;
    for (let i = events.length - 2; i >= 0 && !from; i--) from = localityOf(events[i]);
    if (!from || travelPossible(from, to)) return null;
    const km = distanceKm(from, to);
    const minutes = Math.abs(from.at - to.at) / 60_000;
    return {
      events: [last],
      // This action is where the user is now: it stays the place the next one is compared with.
      retain: true,
      summary: `${key} seen in ${from.city},${from.country} then ${to.city},${to.country} (${km.toFixed(2)} KM in ${minutes.toFixed(2)} minutes)`,
      details: {
        username: key,
        hops: [{ origin: origin(from), destination: origin(to) }],
        sourceipaddress: to.ip,
        sourceipv4address: to.ip,
        factors: [],
      },
    };
  },
});
