// Impossible travel: the same user logs in from two places too far apart for the time between the
// logins. Deploy by copying this file into the code rules directory (<PICKET_DATA_DIR>/rules or
// PICKET_CODE_RULES_DIR), then create a rule {"type": "code", "module": "impossible-travel.ts"}.
// Locations come from details.sourceipgeolocation (set by the GeoIP enrichment, or by the shipper).
import { defineCodeRule, type PicketEvent } from '../server/alerts/code-rules/define.ts';

/** Faster than an airliner, with margin. */
const MAX_KMH = 1000;
/** Logins closer than this are never "travel" (GeoIP is coarse). */
const MIN_KM = 500;

interface Place {
  lat: number;
  lon: number;
  country?: string;
}

function placeOf(e: PicketEvent): Place | null {
  const geo = (e.details as { sourceipgeolocation?: Record<string, unknown> }).sourceipgeolocation;
  if (!geo || typeof geo.latitude !== 'number' || typeof geo.longitude !== 'number') return null;
  return {
    lat: geo.latitude,
    lon: geo.longitude,
    country: typeof geo.country_code === 'string' ? geo.country_code : undefined,
  };
}

/** Great-circle distance (haversine), km. */
function km(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export default defineCodeRule({
  name: 'Impossible travel',
  description: 'Successful logins of one user from two locations too far apart for the time between them.',
  query: 'category:authentication AND details.success:true AND _exists_:details.sourceipgeolocation.latitude',
  groupBy: ['details.username'],
  window: '12h',
  severity: 'WARNING',
  category: 'geomodel',
  tags: ['geomodel', 'impossible-travel'],
  summary: '{details.username}: impossible travel',
  evaluate({ key, events }) {
    // The newest login against each earlier one in the window.
    const last = events[events.length - 1];
    const to = placeOf(last);
    if (!to) return null;
    for (let i = events.length - 2; i >= 0; i--) {
      const from = placeOf(events[i]);
      if (!from) continue;
      const distance = km(from, to);
      if (distance < MIN_KM) continue;
      const hours = Math.max((Date.parse(last.utctimestamp) - Date.parse(events[i].utctimestamp)) / 3_600_000, 1 / 60);
      const speed = distance / hours;
      if (speed <= MAX_KMH) continue;
      return {
        events: [events[i], last],
        summary: `${key}: impossible travel ${from.country ?? '?'} → ${to.country ?? '?'} (${Math.round(distance)} km in ${hours.toFixed(1)} h)`,
        details: {
          username: key,
          distanceKm: Math.round(distance),
          hours: Number(hours.toFixed(2)),
          speedKmh: Math.round(speed),
          from,
          to,
        },
      };
    }
    return null;
  },
});
