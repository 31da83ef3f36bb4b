import type { PicketEvent } from '../../ingest/event.ts';
import { formatTimestamp } from '../../ingest/normalize-timestamp.ts';
import { parseIp } from '../../net/ip.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef squidFixup: a Squid access.log line in the native format
//   %ts.%03tu %6tr %>a %>p %<a %<p %Ss %<Hs %>st %<st %rm %ru %>rs %<A %mt
// (MozDef's squid.conf adds the client and server ports) becomes proxy fields: addresses, ports,
// sizes, action, status, method, destination, host, MIME type, and the request's start time.
// MozDef's envelope: {category: "proxy", customendpoint, source: "access", MESSAGE: line, plus
// syslog-ng's HOST_FROM, SOURCEIP, FILE_NAME, ...}; those syslog-ng fields are removed, as MozDef's
// tests require. Picket also accepts the line from a shipper that names the process squid.

// syslog-ng's envelope fields (normalization keeps them in details under these names).
const ENVELOPE = [
  'SOURCEIP',
  'PRIORITY',
  'MESSAGE',
  'HOST_FROM',
  'HOST',
  'FILE_NAME',
  'FACILITY',
  'DATE',
  'TAGS',
  'SOURCE',
];

const intOrZero = (s: string) => (s === '-' ? 0 : Number.parseInt(s, 10));

/** Host and port of a request URL or CONNECT target: 'http://h:444/x', 'https://h/', 'h:443'. */
function urlHostPort(url: string): { host: string; port: number } | null {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:?#\s]+)(?::(\d{1,5}))?/i.exec(url.trim());
  if (m === null) return null;
  const scheme = m[1]?.toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : scheme === 'https' ? 443 : scheme === 'http' ? 80 : NaN;
  return Number.isNaN(port) ? null : { host: m[2].toLowerCase(), port };
}

/** The proxy fields of one native-format line, or null when it is not one. */
export function parseSquidAccess(line: string): { fields: Record<string, unknown>; startMs: number } | null {
  const t = line.trim().split(/\s+/);
  if (t.length < 15 || !/^\d+(\.\d+)?$/.test(t[0]) || !/^\d+$/.test(t[1])) return null;
  const f: Record<string, unknown> = {};
  const elapsedMs = Number(t[1]);
  f.duration = elapsedMs / 1000;
  f.sourceipaddress = t[2];
  f.sourceport = intOrZero(t[3]);
  // MozDef's placeholder for "no server contacted" (denied requests log '-').
  f.destinationipaddress = parseIp(t[4])?.version === 4 ? t[4] : '0.0.0.0';
  f.proxyaction = t[6];
  if (t[6] !== 'TCP_DENIED') {
    f.destinationport = intOrZero(t[5]);
    f.host = t[13];
  } else {
    const hp = urlHostPort(t[11]);
    if (hp !== null) {
      f.destinationport = hp.port;
      f.host = hp.host;
    }
  }
  f.status = t[7];
  f.requestsize = intOrZero(t[8]);
  f.responsesize = intOrZero(t[9]);
  f.method = t[10];
  f.destination = t[11];
  f.proto = t[12] === '-' && t[10] === 'CONNECT' ? 'ssl' : t[12];
  f.mimetype = t[14];
  for (const k of ['sourceport', 'requestsize', 'responsesize', 'destinationport']) if (Number.isNaN(f[k])) delete f[k];
  return { fields: f, startMs: Math.round(Number(t[0]) * 1000 - elapsedMs) };
}

export function fixSquid(e: PicketEvent): PicketEvent {
  const d = e.details;
  const envelope = e.category === 'proxy' && Object.hasOwn(d, 'customendpoint');
  const shipped = e.processname === 'squid' || e.tags.includes('squid');
  if (!envelope && !shipped) return e;
  const line = typeof d.MESSAGE === 'string' ? d.MESSAGE : e.summary;
  const parsed = envelope && e.source !== 'access' ? null : parseSquidAccess(line);
  if (!envelope && parsed === null) return e;
  if (typeof d.HOST_FROM === 'string' && (e.hostname === 'UNKNOWN' || e.hostname === d.HOST)) e.hostname = d.HOST_FROM;
  for (const k of ENVELOPE) delete d[k];
  if (e.source === 'UNKNOWN') e.source = envelope ? 'unknown' : 'access';
  if (e.category === 'UNKNOWN') e.category = 'proxy';
  d.eventsource = 'squid';
  e.severity = 'INFO';
  if (parsed !== null) {
    e.summary = line;
    Object.assign(d, parsed.fields);
    const iso = formatTimestamp(parsed.startMs);
    if (iso !== undefined) e.utctimestamp = iso;
  }
  return e;
}

export function createSquidFixupPlugin(): EnrichmentPlugin {
  return { name: 'squidFixup', priority: 5, registration: ['squid'], onEvent: fixSquid };
}
