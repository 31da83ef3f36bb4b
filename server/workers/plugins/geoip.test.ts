import { beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { createGeoIpPlugin, openGeoIp, toGeoLocation, type GeoIpLookup, type GeoLocation } from './geoip.ts';

function event(details: Record<string, unknown>): PicketEvent {
  return {
    id: 'e1',
    utctimestamp: '2026-01-01T00:00:00.000Z',
    receivedtimestamp: '2026-01-01T00:00:00.000Z',
    category: 'UNKNOWN',
    source: 'UNKNOWN',
    hostname: 'h',
    processname: 'UNKNOWN',
    processid: 'UNKNOWN',
    severity: 'INFO',
    summary: 's',
    tags: [],
    details,
  };
}

describe('geoip with the bundled GeoLite2 database', () => {
  let geo: GeoIpLookup;
  beforeAll(async () => {
    geo = await openGeoIp();
  });

  it('opens once', async () => {
    expect(await openGeoIp()).toBe(geo);
  });

  it('geolocates public IPv4 and IPv6 addresses', () => {
    const plugin = createGeoIpPlugin(geo);
    const d = plugin.onEvent(
      event({ sourceipaddress: '81.2.69.142', destinationipaddress: '2a00:1450:4001::1' }),
    )!.details;
    const src = d.sourceipgeolocation as GeoLocation;
    expect(src).toMatchObject({
      country_code: 'GB',
      country_name: 'United Kingdom',
      city: 'Bracknell',
      region: 'England',
      time_zone: 'Europe/London',
    });
    expect(typeof src.latitude).toBe('number');
    expect(typeof src.longitude).toBe('number');
    expect(src.latitude).toBeCloseTo(51.4036, 3);
    const dst = d.destinationipgeolocation as GeoLocation;
    expect(dst.country_code).toBe('DE');
    expect(typeof dst.latitude).toBe('number');
  });

  it('omits fields the database leaves empty', () => {
    const loc = geo.lookup('8.8.8.8')!;
    expect(loc).toEqual({
      country_code: 'US',
      country_name: 'United States',
      latitude: 37.751,
      longitude: -97.822,
      time_zone: 'America/Chicago',
    });
  });

  it.each([
    '10.0.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '203.0.113.9',
    '198.51.100.1',
    '100.64.0.1',
    '2001:db8::1',
    'fe80::1',
    'garbage',
  ])('adds nothing for %s', (ip) => {
    const plugin = createGeoIpPlugin(geo);
    const d = plugin.onEvent(event({ sourceipaddress: ip, destinationipaddress: ip }))!.details;
    expect(d).toEqual({ sourceipaddress: ip, destinationipaddress: ip });
  });
});

describe('geoip plugin (stub database)', () => {
  it('caches lookups, including misses, and hands each event its own copy', () => {
    const calls: string[] = [];
    const stub: GeoIpLookup = {
      lookup(ip) {
        calls.push(ip);
        return ip === '8.8.8.8' ? { country_code: 'US', latitude: 1, longitude: 2 } : null;
      },
    };
    const plugin = createGeoIpPlugin(stub, { cacheSize: 2 });
    const a = plugin.onEvent(event({ sourceipaddress: '8.8.8.8' }))!;
    const b = plugin.onEvent(event({ sourceipaddress: '8.8.8.8', destinationipaddress: '9.9.9.9' }))!;
    plugin.onEvent(event({ destinationipaddress: '9.9.9.9' }));
    expect(calls).toEqual(['8.8.8.8', '9.9.9.9']);
    expect(a.details.sourceipgeolocation).toEqual(b.details.sourceipgeolocation);
    expect(a.details.sourceipgeolocation).not.toBe(b.details.sourceipgeolocation);
    // Two generations of 2: a third address moves 8.8.8.8 and 9.9.9.9 to the old one, where a hit
    // still finds them and brings them back.
    plugin.onEvent(event({ sourceipaddress: '1.1.1.1' }));
    plugin.onEvent(event({ sourceipaddress: '9.9.9.9' }));
    plugin.onEvent(event({ sourceipaddress: '8.8.8.8' }));
    expect(calls).toEqual(['8.8.8.8', '9.9.9.9', '1.1.1.1']);
    // Young {8.8.8.8, 2.2.2.2} becomes old when 3.3.3.3 arrives: 1.1.1.1 and 9.9.9.9 are forgotten.
    plugin.onEvent(event({ sourceipaddress: '2.2.2.2' }));
    plugin.onEvent(event({ sourceipaddress: '3.3.3.3' }));
    plugin.onEvent(event({ sourceipaddress: '9.9.9.9' }));
    plugin.onEvent(event({ sourceipaddress: '8.8.8.8' }));
    expect(calls).toEqual(['8.8.8.8', '9.9.9.9', '1.1.1.1', '2.2.2.2', '3.3.3.3', '9.9.9.9']);
  });

  it('never asks the database about private addresses', () => {
    const stub: GeoIpLookup = {
      lookup: () => {
        throw new Error('should not be called');
      },
    };
    const plugin = createGeoIpPlugin(stub);
    expect(plugin.onEvent(event({ sourceipaddress: '10.1.1.1' }))!.details).toEqual({ sourceipaddress: '10.1.1.1' });
    expect(plugin.priority).toBe(20);
  });

  it('toGeoLocation maps the ip-location-db record to MozDef keys', () => {
    expect(
      toGeoLocation({
        city: 'Bracknell',
        country_code: 'GB',
        latitude: 51.40359878540039,
        longitude: -0.7617999911308289,
        postcode: 'RG12',
        state1: 'England',
        state2: 'Bracknell Forest',
        timezone: 'Europe/London',
      }),
    ).toEqual({
      city: 'Bracknell',
      country_code: 'GB',
      country_name: 'United Kingdom',
      latitude: 51.4036,
      longitude: -0.7618,
      region: 'England',
      postal_code: 'RG12',
      time_zone: 'Europe/London',
    });
    // Codes CLDR has no name for (legacy MaxMind AP, malformed A1, unknown ZZ) keep the code only.
    for (const code of ['AP', 'A1', 'ZZ'])
      expect(toGeoLocation({ country_code: code, city: '' })).toEqual({ country_code: code });
  });
});
