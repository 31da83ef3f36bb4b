// MozDef's suricataFixup tests, every case, kept as data (mozdef-cases/suricata-fixup.json), plus
// Picket's own: EVE JSON posted directly, originals kept. Not ported: the mozdefhostname cases and
// MozDef's ES-mapping workaround for the ET.http.javaclient flowbit.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import { createIpFixupPlugin } from './ip-fixup.ts';
import { createLowerKeysPlugin } from './lower-keys.ts';
import cases from './mozdef-cases/suricata-fixup.json' with { type: 'json' };
import { normalizeMozdef, runMozdefCase, type MozdefCase } from './mozdef-cases.ts';
import { createSuricataFixupPlugin } from './suricata-fixup.ts';

const plugin = createSuricataFixupPlugin();

function defaults(e: PicketEvent): void {
  expect(e.category).toBe('suricata');
  expect(e.details.eventsource).toBe('nsm');
  expect(e.severity).toBe('INFO');
  expect(e.details).toHaveProperty('event_type');
  expect(e.source).not.toBe('UNKNOWN');
}

describe('suricataFixup (MozDef cases)', () => {
  it.each((cases as MozdefCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runMozdefCase(plugin, c, { defaults });
  });
});

describe('suricataFixup (Picket)', () => {
  const eve = {
    timestamp: '2026-03-01T10:00:00.250000+0000',
    flow_id: 1234,
    event_type: 'alert',
    src_ip: '203.0.113.9',
    src_port: 40000,
    dest_ip: '10.0.0.5',
    dest_port: 443,
    proto: 'TCP',
    alert: { signature_id: 2100498, signature: 'GPL ATTACK_RESPONSE id check returned root', severity: 2 },
  };

  it('EVE JSON posted as the event itself (no envelope): keeps src_ip, adds canonical fields, time from timestamp', () => {
    const e = normalizeMozdef({ category: 'suricata', source: 'eve-log', details: eve });
    const [out] = new Enricher([createLowerKeysPlugin(), plugin, createIpFixupPlugin()]).enrich([e]);
    expect(out.details).toMatchObject({
      src_ip: '203.0.113.9',
      sourceipaddress: '203.0.113.9',
      destinationport: 443,
      suricata_alert: { signature_id: 2100498 },
    });
    expect(out.summary).toBe('203.0.113.9:40000 -> 10.0.0.5:443');
    expect(out.utctimestamp).toBe('2026-03-01T10:00:00.250Z');
  });

  it('the envelope form: the JSON in message; a __proto__ key stays data', () => {
    const e = normalizeMozdef({
      category: 'suricata',
      source: 'eve-log',
      customendpoint: '',
      message: JSON.stringify({ ...eve, ['__proto__']: { x: 1 } }),
    });
    const out = plugin.onEvent(e);
    expect(out?.details.sourceipaddress).toBe('203.0.113.9');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
