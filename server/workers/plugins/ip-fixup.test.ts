import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { createIpFixupPlugin } from './ip-fixup.ts';

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

const plugin = createIpFixupPlugin();
const run = (details: Record<string, unknown>) => plugin.onEvent(event(details))?.details;

describe('ip-fixup', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['valid canonical unchanged', { sourceipaddress: '1.2.3.4', x: 1 }, { sourceipaddress: '1.2.3.4', x: 1 }],
    ['ipv4 with port', { sourceipaddress: '1.2.3.4:22' }, { sourceipaddress: '1.2.3.4', sourceport: 22 }],
    [
      'port from address does not override',
      { sourceipaddress: '1.2.3.4:22', sourceport: 2222 },
      { sourceipaddress: '1.2.3.4', sourceport: 2222 },
    ],
    [
      'bracketed ipv6 with port',
      { destinationipaddress: '[2001:db8::1]:443' },
      { destinationipaddress: '2001:db8::1', destinationport: 443 },
    ],
    [
      'bracket-less ipv6 normalized',
      { destinationipaddress: '2001:DB8:0:0::1' },
      { destinationipaddress: '2001:db8::1' },
    ],
    ['ipv4-mapped prefix stripped', { sourceipaddress: '::ffff:10.0.0.5' }, { sourceipaddress: '10.0.0.5' }],
    ['mapped with port', { sourceipaddress: '[::ffff:10.0.0.5]:80' }, { sourceipaddress: '10.0.0.5', sourceport: 80 }],
    [
      'invalid canonical preserved aside',
      { sourceipaddress: 'not-an-ip', y: 'k' },
      { invalid_sourceipaddress: 'not-an-ip', y: 'k' },
    ],
    ['non-string canonical preserved aside', { destinationipaddress: 12345 }, { invalid_destinationipaddress: 12345 }],
    ['srcip alias', { srcip: '5.6.7.8', other: true }, { srcip: '5.6.7.8', sourceipaddress: '5.6.7.8', other: true }],
    [
      'src_ip alias with port',
      { src_ip: '5.6.7.8:1234' },
      { src_ip: '5.6.7.8:1234', sourceipaddress: '5.6.7.8', sourceport: 1234 },
    ],
    ['src alias', { src: '5.6.7.8' }, { src: '5.6.7.8', sourceipaddress: '5.6.7.8' }],
    ['src that is not an IP stays', { src: 'https://example.com/x.js' }, { src: 'https://example.com/x.js' }],
    [
      'CloudTrail sourceIPAddress',
      { sourceIPAddress: '52.95.1.1', eventName: 'ConsoleLogin' },
      { sourceIPAddress: '52.95.1.1', sourceipaddress: '52.95.1.1', eventName: 'ConsoleLogin' },
    ],
    [
      'CloudTrail service name stays',
      { sourceIPAddress: 'ec2.amazonaws.com' },
      { sourceIPAddress: 'ec2.amazonaws.com' },
    ],
    ['client_ip alias', { client_ip: '9.9.9.9' }, { client_ip: '9.9.9.9', sourceipaddress: '9.9.9.9' }],
    [
      'dst aliases',
      { dstip: '1.1.1.1', dstport: '53' },
      { dstip: '1.1.1.1', dstport: '53', destinationipaddress: '1.1.1.1', destinationport: 53 },
    ],
    [
      'dst_ip + dst',
      { dst_ip: '1.1.1.1', dst: '2.2.2.2' },
      { dst_ip: '1.1.1.1', destinationipaddress: '1.1.1.1', dst: '2.2.2.2' },
    ],
    [
      'canonical wins over alias',
      { sourceipaddress: '1.2.3.4', srcip: '5.6.7.8' },
      { sourceipaddress: '1.2.3.4', srcip: '5.6.7.8' },
    ],
    [
      'valid alias replaces invalid canonical',
      { sourceipaddress: '-', srcip: '5.6.7.8' },
      { invalid_sourceipaddress: '-', srcip: '5.6.7.8', sourceipaddress: '5.6.7.8' },
    ],
    [
      'port aliases',
      { srcport: '4242', dst_port: 22 },
      { srcport: '4242', dst_port: 22, sourceport: 4242, destinationport: 22 },
    ],
    [
      'string ports become numbers',
      { sourceport: '4242', destinationport: '80' },
      { sourceport: 4242, destinationport: 80 },
    ],
    [
      'invalid port preserved aside',
      { sourceport: 'ssh', destinationport: 70000 },
      { invalid_sourceport: 'ssh', invalid_destinationport: 70000 },
    ],
    ['invalid port alias stays', { srcport: 'http' }, { srcport: 'http' }],
    [
      'zeek flattened',
      { 'id.orig_h': '10.0.0.1', 'id.orig_p': 5353, 'id.resp_h': '10.0.0.2', 'id.resp_p': 53, uid: 'C1' },
      {
        'id.orig_h': '10.0.0.1',
        'id.orig_p': 5353,
        'id.resp_h': '10.0.0.2',
        'id.resp_p': 53,
        sourceipaddress: '10.0.0.1',
        sourceport: 5353,
        destinationipaddress: '10.0.0.2',
        destinationport: 53,
        uid: 'C1',
      },
    ],
    [
      'zeek nested, id kept',
      { id: { orig_h: '10.0.0.1', orig_p: 5353, resp_h: 'fe80::1', resp_p: 53 }, uid: 'C1' },
      {
        id: { orig_h: '10.0.0.1', orig_p: 5353, resp_h: 'fe80::1', resp_p: 53 },
        sourceipaddress: '10.0.0.1',
        sourceport: 5353,
        destinationipaddress: 'fe80::1',
        destinationport: 53,
        uid: 'C1',
      },
    ],
    [
      'zeek nested, other keys kept',
      { id: { orig_h: '10.0.0.1', vlan: 7 } },
      { id: { orig_h: '10.0.0.1', vlan: 7 }, sourceipaddress: '10.0.0.1' },
    ],
    [
      'zeek mapped ipv6 alias: original kept as sent, copy normalized',
      { 'id.orig_h': '::ffff:192.0.2.1' },
      { 'id.orig_h': '::ffff:192.0.2.1', sourceipaddress: '192.0.2.1' },
    ],
    ['no IP fields: untouched', { a: 1, b: 'c' }, { a: 1, b: 'c' }],
  ])('%s', (_name, input, expected) => {
    expect(run(input)).toEqual(expected);
  });

  it('registers for aliases and canonical names, priority 10', () => {
    expect(plugin.priority).toBe(10);
    expect(plugin.registration).toEqual(
      expect.arrayContaining(['sourceipaddress', 'srcip', 'id.orig_h', 'orig_h', 'destinationport']),
    );
  });
});
