import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import { createDefaultPlugins, createWatchlistTagsPlugin, type GeoIpLookup } from './index.ts';

function event(over: Partial<PicketEvent> = {}): PicketEvent {
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
    details: {},
    ...over,
  };
}

const stubGeo: GeoIpLookup = { lookup: () => ({ country_code: 'NL', latitude: 52.37, longitude: 4.89 }) };

describe('default plugins', () => {
  it('are ordered by MozDef priority; geoip only with a database', () => {
    expect(createDefaultPlugins({ geoip: stubGeo }).map((p) => [p.name, p.priority])).toEqual([
      ['auditdFixup', 2],
      ['zoom_fixup', 2],
      ['customDocType', 2],
      ['cloudtrail_record', 3],
      ['guardDuty', 3],
      ['lower_keys', 4],
      ['broFixup', 5],
      ['sshdFindIP', 5],
      ['suricataFixup', 5],
      ['squidFixup', 5],
      ['rt_flow', 5],
      ['snmptt', 5],
      ['observium', 5],
      ['ldap_fixup', 5],
      ['remove_dots', 5],
      ['parse_su', 5],
      ['stackdriver', 5],
      ['ip-fixup', 10],
      ['cloudtrail', 10],
      ['filterlog', 10],
      ['github_webhooks', 10],
      ['sshd', 15],
      ['stackdriver_audit', 15],
      ['stackdriver_syslog', 15],
      ['stackdriver_gceactivity', 16],
      ['geoip', 20],
      ['large_strings', 20],
      ['watchlist-tags', 30],
    ]);
    expect(createDefaultPlugins({ geoip: null }).map((p) => p.name)).toEqual([
      'auditdFixup',
      'zoom_fixup',
      'customDocType',
      'cloudtrail_record',
      'guardDuty',
      'lower_keys',
      'broFixup',
      'sshdFindIP',
      'suricataFixup',
      'squidFixup',
      'rt_flow',
      'snmptt',
      'observium',
      'ldap_fixup',
      'remove_dots',
      'parse_su',
      'stackdriver',
      'ip-fixup',
      'cloudtrail',
      'filterlog',
      'github_webhooks',
      'sshd',
      'stackdriver_audit',
      'stackdriver_syslog',
      'stackdriver_gceactivity',
      'large_strings',
      'watchlist-tags',
    ]);
    expect(createDefaultPlugins({}).map((p) => p.name)).not.toContain('geoip');
  });

  it('chain: sshd fills the source address, geoip locates it, the watchlist tags it', () => {
    const watchlist = { match: (e: PicketEvent) => (e.details.username === 'root' ? ['watchlist:root', 'sshd'] : []) };
    const en = new Enricher(createDefaultPlugins({ geoip: stubGeo, watchlist }));
    const [e] = en.enrich([
      event({ processname: 'sshd', summary: 'Failed password for root from 8.8.4.4 port 4242 ssh2', tags: ['sshd'] }),
    ]);
    expect(e.category).toBe('authentication');
    expect(e.details).toMatchObject({
      username: 'root',
      sourceipaddress: '8.8.4.4',
      sourceport: 4242,
      success: false,
      sourceipgeolocation: { country_code: 'NL' },
    });
    expect(e.tags).toEqual(['sshd', 'watchlist:root']);
  });

  it('chain: ip-fixup normalizes an alias and geoip uses it', () => {
    const en = new Enricher(createDefaultPlugins({ geoip: stubGeo }));
    const [e] = en.enrich([event({ details: { src_ip: '[::ffff:8.8.4.4]:53' } })]);
    expect(e.details).toMatchObject({
      sourceipaddress: '8.8.4.4',
      sourceport: 53,
      sourceipgeolocation: { country_code: 'NL' },
    });
    expect(e.details.src_ip).toBe('[::ffff:8.8.4.4]:53'); // the shipper's field stays for rules written against it
  });

  it('watchlist-tags dedupes and ignores empty tags', () => {
    const p = createWatchlistTagsPlugin({ match: () => ['a', 'a', '', 'b'] });
    expect(p.onEvent(event({ tags: ['b'] }))?.tags).toEqual(['b', 'a']);
    expect(createWatchlistTagsPlugin().onEvent(event({ tags: ['x'] }))?.tags).toEqual(['x']);
  });
});
