// MozDef's filterlog test (same input, same output), plus IPv6/TCP lines as pfSense writes them.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import { createFilterlogPlugin } from './filterlog.ts';

const plugin = createFilterlogPlugin();
function event(summary: string, over: Partial<PicketEvent> = {}): PicketEvent {
  return {
    id: 'f',
    utctimestamp: '2026-01-01T00:00:00.000Z',
    receivedtimestamp: '2026-01-01T00:00:00.000Z',
    category: 'UNKNOWN',
    source: 'UNKNOWN',
    hostname: 'fw1',
    processname: 'filterlog',
    processid: '1',
    severity: 'INFO',
    summary,
    tags: [],
    details: {},
    ...over,
  };
}

describe('filterlog', () => {
  it("MozDef's case: IPv4 UDP block", () => {
    const summary =
      '9,,,1000000103,igb0,match,block,in,4,0x0,,6,60624,0,DF,17,udp,92,175.41.7.2,21.143.56.109,57434,33443,72';
    const out = plugin.onEvent(event(summary, { processname: 'UNKNOWN' }));
    expect(out?.details).toEqual({
      action: 'block',
      anchor: '',
      destinationipaddress: '21.143.56.109',
      direction: 'in',
      interface: 'igb0',
      ip: {
        ecn: '',
        flags: 'DF',
        id: '60624',
        length: '92',
        offset: '0',
        protocolid: '17',
        protocoltext: 'udp',
        tos: '0x0',
        ttl: '6',
        version: 4,
      },
      ipversion: '4',
      reason: 'match',
      rulenumber: '9',
      sourceipaddress: '175.41.7.2',
      subrulenumber: '',
      trackor: '1000000103',
      datalength: '72',
      destinationport: '33443',
      sourceport: '57434',
    });
    expect(out?.summary).toBe(summary);
  });

  it('IPv6 TCP pass, through the Enricher (registered on filterlog)', () => {
    const summary =
      '5,,,1000000001,em0,match,pass,out,6,0x00,0x00000,64,tcp,6,40,2001:db8::10,2001:db8::20,51515,443,0,S,1234567,,64240,,mss;sackOK';
    const [out] = new Enricher([plugin]).enrich([event(summary)]);
    expect(out.details).toMatchObject({
      action: 'pass',
      sourceipaddress: '2001:db8::10',
      destinationipaddress: '2001:db8::20',
      sourceport: '51515',
      destinationport: '443',
      ip: {
        version: 6,
        class: '0x00',
        flow_label: '0x00000',
        hoplimit: '64',
        protocol: 'tcp',
        protocolid: '6',
        length: '40',
      },
      tcp: { flags: 'S', seqnumber: '1234567', acknumber: '', window: '64240', urg: '', options: 'mss;sackOK' },
    });
  });

  it('short or non-IP lines: only what is there, no exception', () => {
    expect(plugin.onEvent(event('a,b,c'))?.details).toEqual({});
    expect(plugin.onEvent(event('1,,,2,em0,match,block,in,x,0,0'))?.details).toMatchObject({ ipversion: 'x' });
    expect(plugin.onEvent(event('1,,,2,em0,match,block,in,4,0x0'))?.details.ip).toEqual({ version: 4, tos: '0x0' });
  });
});
