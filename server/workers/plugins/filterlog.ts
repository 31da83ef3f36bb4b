import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef filterlog: pfSense/OPNsense firewall lines (processname filterlog) are CSV:
//   rule,subrule,anchor,tracker,interface,reason,action,direction,ipversion, then IPv4 or IPv6
//   header fields, length, source, destination, then TCP or UDP fields.
// Values stay text, as MozDef stored them (ip.version excepted).

type D = Record<string, unknown>;

const HEAD = [
  'rulenumber',
  'subrulenumber',
  'anchor',
  'trackor',
  'interface',
  'reason',
  'action',
  'direction',
  'ipversion',
];
const IPV4 = ['tos', 'ecn', 'ttl', 'id', 'offset', 'flags', 'protocolid', 'protocoltext'];
const IPV6 = ['class', 'flow_label', 'hoplimit', 'protocol', 'protocolid'];
const TCP = ['flags', 'seqnumber', 'acknumber', 'window', 'urg', 'options'];

/** Writes names[i] = items[from + i] for the items present. */
function assign(target: D, names: readonly string[], items: readonly string[], from: number): void {
  names.forEach((name, i) => {
    if (from + i < items.length) target[name] = items[from + i];
  });
}

export function parseFilterlog(e: PicketEvent): PicketEvent {
  const summary = e.summary;
  if (typeof summary !== 'string' || summary.length > 4096) return e;
  const items = summary.split(',');
  if (items.length < 10) return e;
  const d = e.details;
  assign(d, HEAD, items, 0);
  const version = Number(items[8]);
  if (version !== 4 && version !== 6) return e;
  const ip: D = d.ip !== null && typeof d.ip === 'object' && !Array.isArray(d.ip) ? (d.ip as D) : {};
  d.ip = ip;
  ip.version = version;
  const header = version === 4 ? IPV4 : IPV6;
  assign(ip, header, items, 9);
  const last = 8 + header.length;
  assign(ip, ['length'], items, last + 1);
  assign(d, ['sourceipaddress', 'destinationipaddress'], items, last + 2);
  const proto = Number(ip.protocolid);
  if (proto === 6 || proto === 17) assign(d, ['sourceport', 'destinationport', 'datalength'], items, last + 4);
  if (proto === 6) {
    const tcp: D = {};
    assign(tcp, TCP, items, last + 7);
    d.tcp = tcp;
  }
  return e;
}

export function createFilterlogPlugin(): EnrichmentPlugin {
  return { name: 'filterlog', priority: 10, registration: ['filterlog'], onEvent: parseFilterlog };
}
