import type { PicketEvent } from '../../ingest/event.ts';
import { formatTimestamp, parseTimestamp } from '../../ingest/normalize-timestamp.ts';
import { readOwnPath, writeOwnPath } from '../../ingest/own-path.ts';
import { setOwn } from '../../ingest/sanitize.ts';
import { parseIp } from '../../net/ip.ts';
import type { EnrichmentPlugin } from '../plugin.ts';
import { parseEmbeddedJson } from './embedded-json.ts';
import { pyFormat } from './python-format.ts';

// MozDef broFixup: Zeek (Bro) logs shipped by syslog-ng/nxlog as {category: "bro", SOURCE: "bro_conn",
// MESSAGE: "<Zeek's JSON line>"} get the JSON as details, the time from ts, canonical address
// fields and a per-log-type summary. Normalization puts SOURCE in source and MESSAGE in summary.
// Also accepted: Zeek JSON posted directly with category bro/zeek and Zeek's own _path field.
// Zeek's original fields are kept next to the copies (a Sigma rule written for Zeek reads id.orig_h),
// flat and as a nested path; the few MozDef's tests require gone are removed, each noted where it happens.

type D = Record<string, unknown>;

const own = (d: D, k: string): boolean => Object.hasOwn(d, k);
function dflt(d: D, k: string, v: unknown): void {
  if (!own(d, k)) d[k] = v;
}
/** MozDef's defaults for fields a log type's summary names. */
function fill(d: D, defaults: D): void {
  for (const k of Object.keys(defaults)) dflt(d, k, defaults[k]);
}

function isIPv4(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const ip = parseIp(v.includes('/') ? v.slice(0, v.indexOf('/')) : v);
  return ip !== null && ip.version === 4;
}
function isIPv6(v: unknown): v is string {
  return typeof v === 'string' && v.includes(':') && parseIp(v)?.version === 6;
}

/** MozDef findIPv4: words of a text that are IPv4 addresses, quotes and commas stripped. */
function findIPv4(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^["',]+|["',]+$/g, ''))
    .filter(isIPv4);
}

function isoOfEpoch(v: unknown): string | undefined {
  const ms = parseTimestamp(v, Date.now());
  return ms === undefined ? undefined : formatTimestamp(ms);
}

/** Moves dotted Zeek keys ('times.accessed') into one object under new names; the flat keys stay. */
function gather(
  d: D,
  target: string,
  pairs: ReadonlyArray<readonly [string, string]>,
  convert?: (v: unknown) => unknown,
): D {
  const out: D = {};
  for (const [from, to] of pairs) if (own(d, from)) out[to] = convert ? convert(d[from]) : d[from];
  d[target] = out;
  return out;
}

const ADDR = '{sourceipaddress} -> {destinationipaddress}:{destinationport}';

// Per log type: fill the fields its summary needs, then return the summary.
const LOG_TYPES: Record<string, (d: D) => string> = {
  conn(d) {
    // MozDef's tests require orig_ip_bytes/resp_ip_bytes gone: renamed, not copied.
    if (own(d, 'orig_ip_bytes')) {
      d.originipbytes = d.orig_ip_bytes;
      delete d.orig_ip_bytes;
    }
    if (own(d, 'resp_ip_bytes')) {
      d.responseipbytes = d.resp_ip_bytes;
      delete d.resp_ip_bytes;
    }
    dflt(d, 'history', '');
    return pyFormat(
      '{sourceipaddress}:{sourceport} -> {destinationipaddress}:{destinationport} {history} {originipbytes} bytes / {responseipbytes} bytes',
      d,
    );
  },
  files(d) {
    if (Array.isArray(d.rx_hosts) && d.rx_hosts.length > 0) d.sourceipaddress = String(d.rx_hosts[0]);
    if (Array.isArray(d.tx_hosts) && d.tx_hosts.length > 0) d.destinationipaddress = String(d.tx_hosts[0]);
    fill(d, { mime_type: 'unknown', filename: 'unknown', total_bytes: '0', md5: 'None', filesource: 'None' });
    return pyFormat(
      '{rx_hosts[0]} downloaded (MD5) {md5} MIME {mime_type} ({total_bytes} bytes) from {tx_hosts[0]} via {filesource}',
      d,
    );
  },
  dns(d) {
    fill(d, { qtype_name: 'unknown', query: '', rcode_name: '' });
    return pyFormat('DNS {qtype_name} type query {sourceipaddress} -> {destinationipaddress}:{destinationport}', d);
  },
  http(d) {
    // MozDef also cut uri to 1024 characters for Elasticsearch; Postgres needs no cut, so it stays whole.
    for (const k of ['method', 'host', 'uri', 'status_code']) dflt(d, k, '');
    return pyFormat(`HTTP {method} ${ADDR}`, d);
  },
  ssl(d) {
    dflt(d, 'server_name', d.destinationipaddress);
    return pyFormat(`SSL: ${ADDR}`, d);
  },
  dhcp(d) {
    fill(d, { assigned_addr: '0.0.0.0', mac: '000000000000' });
    if (typeof d.mac === 'string') d.mac = d.mac.replaceAll(':', '');
    return pyFormat('{assigned_addr} assigned to {mac}', d);
  },
  ftp(d) {
    fill(d, { command: '', user: '' });
    return pyFormat(`FTP: ${ADDR}`, d);
  },
  pe(d) {
    fill(d, { os: '', subsystem: '' });
    return pyFormat('PE file: {os} {subsystem}', d);
  },
  smtp(d) {
    const summary = pyFormat(`SMTP: ${ADDR}`, d);
    // Renamed (MozDef's tests require tls gone): a boolean tls clashed with other logs' tls objects.
    if (own(d, 'tls')) {
      d.tls_encrypted = d.tls;
      delete d.tls;
    }
    return summary;
  },
  ssh(d) {
    const summary = pyFormat(`SSH: ${ADDR}`, d);
    return own(d, 'auth_success') ? `${summary} ${pyFormat('success {auth_success}', d)}` : summary;
  },
  tunnel(d) {
    fill(d, { tunnel_type: '', action: '' });
    return pyFormat(`${ADDR} {tunnel_type} {action}`, d);
  },
  intel(d) {
    d.seenindicator = own(d, 'seen.indicator') ? d['seen.indicator'] : '';
    if (own(d, 'seen.node')) d.seennode = d['seen.node'];
    if (own(d, 'seen.where')) d.seenwhere = d['seen.where'];
    if (own(d, 'seen.indicator_type')) d.seenindicatortype = d['seen.indicator_type'];
    return pyFormat('Bro intel match of {seenindicatortype} in {seenwhere}', d);
  },
  known_certs(d) {
    dflt(d, 'serial', '0');
    return pyFormat('Certificate X509 seen from: {host}:{port_num}', d);
  },
  known_devices(d) {
    fill(d, { mac: '', dhcp_host_name: '' });
    return pyFormat('New host: {mac}', d);
  },
  known_hosts(d) {
    dflt(d, 'host', '');
    return pyFormat('New host: {host}', d);
  },
  known_services(d) {
    if (!Array.isArray(d.service) || d.service.length === 0) d.service = ['Unknown'];
    fill(d, { host: 'unknown', port_num: '0', port_proto: '' });
    return pyFormat('New service: {service[0]} on host {host}:{port_num} / {port_proto}', d);
  },
  notice: notice,
  rdp(d) {
    dflt(d, 'cookie', 'unknown');
    return pyFormat(`RDP: ${ADDR}`, d);
  },
  sip(d) {
    for (const k of ['status_msg', 'uri', 'method']) dflt(d, k, 'unknown');
    return pyFormat(`SIP: ${ADDR} method {method} status {status_msg}`, d);
  },
  software(d) {
    gather(d, 'parsed_version', [
      ['version.addl', 'addl'],
      ['version.major', 'major'],
      ['version.minor', 'minor'],
      ['version.minor2', 'minor2'],
      ['version.minor3', 'minor3'],
    ]);
    fill(d, { name: 'unparsed', software_type: 'unknown' });
    // MozDef replaced all of details with '' when host was missing; an empty host says the same.
    dflt(d, 'host', '');
    return pyFormat('Found {software_type} software on {host}', d);
  },
  socks(d) {
    fill(d, { version: '0', status: 'unknown' });
    return pyFormat(`SOCKSv{version}: ${ADDR} status {status}`, d);
  },
  dce_rpc(d) {
    fill(d, { endpoint: 'unknown', operation: 'unknown' });
    return pyFormat(`DCERPC: ${ADDR}`, d);
  },
  kerberos(d) {
    for (const k of ['request_type', 'client', 'service']) dflt(d, k, 'unknown');
    dflt(d, 'error_msg', '');
    return `${pyFormat(`${ADDR} request {request_type}`, d)} success ${own(d, 'success') ? pyFormat('{success}', d) : 'unknown'}`;
  },
  ntlm(d) {
    d.ntlm = {
      domainname: own(d, 'domainname') ? d.domainname : 'unknown',
      hostname: own(d, 'hostname') ? d.hostname : 'unknown',
      username: own(d, 'username') ? d.username : 'unknown',
    };
    dflt(d, 'status', 'unknown');
    const tail = own(d, 'success')
      ? pyFormat('success {success} status {status}', d)
      : pyFormat('success unknown status {status}', d);
    return `${pyFormat(`NTLM: ${ADDR} `, d)}${tail}`;
  },
  smb_files(d) {
    gather(
      d,
      'smbtimes',
      [
        ['times.accessed', 'accessed'],
        ['times.changed', 'changed'],
        ['times.created', 'created'],
        ['times.modified', 'modified'],
      ],
      isoOfEpoch,
    );
    for (const k of ['path', 'name', 'action']) dflt(d, k, '');
    return pyFormat(`SMB file: ${ADDR} {action}`, d);
  },
  smb_mapping(d) {
    fill(d, { share_type: '', path: '' });
    return pyFormat(`SMB mapping: ${ADDR} {share_type}`, d);
  },
  snmp(d) {
    dflt(d, 'version', 'Unknown');
    for (const k of ['get_bulk_requests', 'get_requests', 'set_requests', 'get_responses']) dflt(d, k, 0);
    d.getreqestssum = String(Number(d.get_bulk_requests) + Number(d.get_requests));
    return pyFormat(
      `SNMPv{version}: ${ADDR} ({getreqestssum} get / {set_requests} set requests {get_responses} get responses)`,
      d,
    );
  },
  x509(d) {
    const cert = gather(d, 'certificate', X509_FIELDS);
    for (const k of ['not_valid_after', 'not_valid_before']) if (own(cert, k)) cert[k] = isoOfEpoch(cert[k]);
    dflt(cert, 'serial', '0');
    return 'X509 certificate seen';
  },
};

const X509_FIELDS: Array<readonly [string, string]> = [
  ['basic_constraints.ca', 'basic_constraints_ca'],
  ['basic_constraints.path_len', 'basic_constraints_path_len'],
  ...[
    'exponent',
    'issuer',
    'key_alg',
    'key_length',
    'key_type',
    'not_valid_after',
    'not_valid_before',
    'sig_alg',
    'subject',
    'version',
    'serial',
  ].map((k) => [`certificate.${k}`, k] as const),
];

function notice(d: D): string {
  const indicators: string[] = [];
  const actions = d.actions;
  // MozDef compared actions to a string, but Zeek logs it as a list: both are accepted.
  if (actions === 'Notice::ACTION_LOG' || (Array.isArray(actions) && actions.includes('Notice::ACTION_LOG')))
    indicators.push(...findIPv4(d.sub));
  d.indicators = indicators;
  for (const k of ['sub', 'msg', 'note']) dflt(d, k, '');
  // src may not be the attacker, so it becomes an indicator; MozDef's tests require src and dst gone.
  if (own(d, 'src')) {
    const src = d.src;
    if (isIPv4(src)) {
      indicators.push(src);
      d.sourceipaddress = src;
      d.sourceipv4address = src;
    }
    if (isIPv6(src)) {
      indicators.push(src);
      d.sourceipv6address = src;
    }
    delete d.src;
  }
  const src = own(d, 'sourceipv6address')
    ? d.sourceipv6address
    : own(d, 'sourceipv4address')
      ? d.sourceipv4address
      : 'unknown';
  let dst: unknown = 'unknown';
  if (own(d, 'dst')) {
    dst = d.dst;
    delete d.dst;
    if (isIPv4(dst)) {
      d.destinationipaddress = dst;
      d.destinationipv4address = dst;
    }
    if (isIPv6(dst)) d.destinationipv6address = dst;
  }
  return pyFormat('{note} source {src} destination {dst} port {p}', {
    note: d.note,
    src,
    dst,
    p: own(d, 'p') ? d.p : 'unknown',
  });
}

/**
 * Zeek writes record fields flat ('id.resp_h'); queries and Sigma rules read 'id.resp_h' as a path.
 * A nested copy (details.id.resp_h) makes them reachable; the flat key stays. A path that already
 * holds something, or runs through a non-object, is left alone. software's version.* is not copied:
 * MozDef gives it parsed_version and its tests require no details.version.
 */
function nestDotted(d: D, type: string): void {
  for (const key of Object.keys(d)) {
    const dot = key.indexOf('.');
    if (dot <= 0 || key.endsWith('.') || key.includes('..')) continue;
    if (type === 'software' && key.startsWith('version.')) continue;
    const path = key.split('.');
    if (readOwnPath(d, path) !== undefined) continue;
    let ok = true;
    for (let i = 1; i < path.length && ok; i++) {
      const v = readOwnPath(d, path.slice(0, i));
      ok = v === undefined || (v !== null && typeof v === 'object' && !Array.isArray(v));
    }
    if (ok) writeOwnPath(d, path, d[key]);
  }
}

const ZEEK_ID: ReadonlyArray<readonly [string, string]> = [
  ['id.orig_h', 'sourceipaddress'],
  ['id.orig_p', 'sourceport'],
  ['id.resp_h', 'destinationipaddress'],
  ['id.resp_p', 'destinationport'],
];

/** Zeek's JSON line, from details.MESSAGE or the summary. */
function zeekJson(e: PicketEvent): D | null {
  return parseEmbeddedJson(typeof e.details.MESSAGE === 'string' ? e.details.MESSAGE : e.summary);
}

/** The log type: Zeek's _path, else SOURCE less its 'bro_'/'zeek_' prefix (MozDef: always 4 characters). */
function logType(e: PicketEvent, d: D, parsed: D | null): string | null {
  if (typeof parsed?._path === 'string') return parsed._path;
  if (typeof d._path === 'string') return d._path;
  const source = typeof d.SOURCE === 'string' ? d.SOURCE : e.source;
  if (source.startsWith('zeek_')) return source.slice(5);
  if (source.startsWith('bro_')) return source.slice(4);
  // MozDef's contract: an endpoint that says it is Zeek's, with any SOURCE.
  return own(d, 'customendpoint') && source !== 'UNKNOWN' ? source.slice(4) : null;
}

export function fixBro(e: PicketEvent): PicketEvent {
  if (e.category !== 'bro' && e.category !== 'zeek') return e;
  const d = e.details;
  const parsed = zeekJson(e);
  const type = logType(e, d, parsed);
  if (type === null) return e;
  if (parsed !== null) {
    for (const k of Object.keys(parsed)) setOwn(d, k, parsed[k]);
    if (typeof d.MESSAGE === 'string') delete d.MESSAGE;
  }
  e.source = type;
  if (typeof d.SOURCE === 'string') delete d.SOURCE;
  d.customendpoint = 'bro';
  d.eventsource = 'nsm';
  e.severity = 'INFO';
  if (e.hostname === 'UNKNOWN' && typeof d.HOST_FROM === 'string') e.hostname = d.HOST_FROM;
  if (own(d, 'ts')) {
    const ts = isoOfEpoch(d.ts);
    if (ts !== undefined) e.utctimestamp = ts;
  }
  for (const [from, to] of ZEEK_ID) if (own(d, from)) d[to] = d[from];
  nestDotted(d, type);
  const handler = Object.hasOwn(LOG_TYPES, type) ? LOG_TYPES[type] : undefined;
  if (handler !== undefined) e.summary = handler(d);
  return e;
}

export function createBroFixupPlugin(): EnrichmentPlugin {
  return { name: 'broFixup', priority: 5, registration: ['bro', 'zeek'], onEvent: fixBro };
}
