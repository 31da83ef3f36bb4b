// MozDef's squidFixup tests, every case, kept as data (mozdef-cases/squid-fixup.json). MozDef's
// tests called the plugin directly, also with events its 'squid' registration would not select, so
// these do too. Not ported: the mozdefhostname cases.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import cases from './mozdef-cases/squid-fixup.json' with { type: 'json' };
import { normalizeMozdef, runMozdefCase, type MozdefCase } from './mozdef-cases.ts';
import { createSquidFixupPlugin, parseSquidAccess } from './squid-fixup.ts';

const plugin = createSquidFixupPlugin();

function defaults(e: PicketEvent): void {
  expect(e.category).toBe('proxy');
  expect(e.details.customendpoint).toBe(' ');
  expect(e.details.eventsource).toBe('squid');
  expect(e.severity).toBe('INFO');
}

describe('squidFixup (MozDef cases)', () => {
  it.each((cases as MozdefCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runMozdefCase(plugin, c, { defaults, direct: true });
  });
});

describe('squidFixup (Picket)', () => {
  const line =
    '1700000000.500 250 10.1.2.3 51000 93.184.216.34 443 TCP_TUNNEL 200 900 5400 CONNECT example.org:443 - example.org -';

  it('a line shipped from the squid process (no MozDef envelope) is parsed; the start time is the log time less the elapsed time', () => {
    const e = normalizeMozdef({ processname: 'squid', summary: line });
    const [out] = new Enricher([plugin]).enrich([e]);
    expect(out.details).toMatchObject({
      sourceipaddress: '10.1.2.3',
      destinationipaddress: '93.184.216.34',
      destinationport: 443,
      proto: 'ssl',
      host: 'example.org',
      proxyaction: 'TCP_TUNNEL',
    });
    expect(out.category).toBe('proxy');
    expect(out.utctimestamp).toBe('2023-11-14T22:13:20.250Z');
  });

  it('other squid lines (cache.log) are left alone', () => {
    const e = normalizeMozdef({
      processname: 'squid',
      summary: '2026/01/01 00:00:00| Starting Squid Cache version 6.6',
    });
    expect(plugin.onEvent(structuredClone(e))).toEqual(e);
  });

  it('a denied request: host and port from the URL, https default port', () => {
    expect(
      parseSquidAccess(
        '1548043048.377 0 10.0.0.9 58332 - - TCP_DENIED 403 86 3892 GET https://Bad.Example/x - - text/html',
      )?.fields,
    ).toMatchObject({ destinationipaddress: '0.0.0.0', destinationport: 443, host: 'bad.example' });
    expect(parseSquidAccess('too short line')).toBeNull();
  });
});
