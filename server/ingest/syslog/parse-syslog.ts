// One syslog message (RFC 5424, or RFC 3164 as rsyslog, syslog-ng and most devices send it) to a
// MozDef-shaped raw event that normalizeEvent then treats like any JSON event: the sshd parser and
// every other enrichment apply. Every byte of a message is attacker-controlled text.

export const SEVERITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'] as const;
export const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clock',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

export type SyslogParse = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BSD_TIME = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? /;
// rsyslog's forward format and many appliances put an RFC 3339 time where RFC 3164 has its own.
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?) /;
// TAG[pid]: — the program name is up to the first [ or :, as rsyslog's programname.
const TAG = /^([^\s[\]:]{1,64})(?:\[([^\]\s]{1,32})\])?: ?/;
const NIL = '-';

interface Header {
  facility: (typeof FACILITIES)[number];
  severity: (typeof SEVERITIES)[number];
}

function priority(line: string): { header: Header; rest: string } | null {
  const m = /^<(\d{1,3})>/.exec(line);
  if (!m) return null;
  const pri = Number(m[1]);
  if (pri > 191) return null;
  return { header: { facility: FACILITIES[pri >> 3], severity: SEVERITIES[pri & 7] }, rest: line.slice(m[0].length) };
}

/**
 * RFC 3164 has no year and no zone: the time is read as UTC in the year that puts it closest to
 * `now` (a December message arriving in January belongs to last year).
 */
function bsdTime(m: RegExpExecArray, now: Date): string | undefined {
  const month = MONTHS.indexOf(m[1]);
  if (month < 0) return undefined;
  const year = now.getUTCFullYear();
  let best: number | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const t = Date.UTC(y, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
    if (best === undefined || Math.abs(t - now.getTime()) < Math.abs(best - now.getTime())) best = t;
  }
  return best === undefined || Number.isNaN(best) ? undefined : new Date(best).toISOString();
}

function base(h: Header): Record<string, unknown> {
  return {
    category: 'syslog',
    source: 'syslog',
    severity: h.severity,
    details: { facility: h.facility, syslogseverity: h.severity.toLowerCase() },
  };
}

/** RFC 5424 structured data: [id k="v" ...][id2 ...] → {id: {k: v}}, or null when malformed. */
function structuredData(s: string): { sd: Map<string, Map<string, string>>; rest: string } | null {
  const sd = new Map<string, Map<string, string>>();
  let i = 0;
  while (s[i] === '[') {
    const id = /^\[([^\s\]="]{1,32})/.exec(s.slice(i));
    if (!id) return null;
    i += id[0].length;
    const params = sd.get(id[1]) ?? new Map<string, string>();
    sd.set(id[1], params);
    for (;;) {
      if (s[i] === ']') {
        i++;
        break;
      }
      const p = /^ ([^\s\]="]{1,32})="/.exec(s.slice(i));
      if (!p) return null;
      i += p[0].length;
      let v = '';
      for (;;) {
        const c = s[i];
        if (c === undefined) return null;
        if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\' || s[i + 1] === ']')) {
          v += s[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          v += c;
          i++;
        }
      }
      params.set(p[1], v);
    }
  }
  return { sd, rest: s.slice(i) };
}

function parse5424(h: Header, s: string): SyslogParse {
  // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]
  const m = /^(\S+) (\S+) (\S+) (\S+) (\S+) /.exec(s);
  if (!m) return { ok: false, error: 'syslog: RFC 5424 header is incomplete' };
  const [, time, host, app, procid, msgid] = m;
  const tail = structuredData(s.slice(m[0].length));
  let rest: string;
  let sd: Map<string, Map<string, string>> | undefined;
  if (s.slice(m[0].length).startsWith(NIL)) {
    rest = s.slice(m[0].length + 1);
  } else if (tail) {
    rest = tail.rest;
    sd = tail.sd;
  } else return { ok: false, error: 'syslog: malformed RFC 5424 structured data' };
  const ev = base(h);
  const details = ev.details as Record<string, unknown>;
  if (time !== NIL) ev.timestamp = time;
  if (host !== NIL) ev.hostname = host;
  if (app !== NIL) ev.processname = app;
  if (procid !== NIL) ev.processid = procid;
  if (msgid !== NIL) details.msgid = msgid;
  if (sd && sd.size) {
    // Map → plain object through Object.fromEntries: keys are defined as own data, so an SD-ID
    // or parameter named __proto__ stays data.
    details.structured_data = Object.fromEntries([...sd].map(([id, params]) => [id, Object.fromEntries(params)]));
  }
  // rsyslog keeps the space that followed the header in its msg property; the text starts after it.
  ev.summary = rest.replace(/^\uFEFF/, '').trimStart();
  return { ok: true, value: ev };
}

function parse3164(h: Header, s: string, now: Date): SyslogParse {
  const ev = base(h);
  let rest = s;
  const bsd = BSD_TIME.exec(rest);
  const iso = bsd ? null : ISO_TIME.exec(rest);
  if (bsd) {
    const t = bsdTime(bsd, now);
    if (t) ev.timestamp = t;
    rest = rest.slice(bsd[0].length);
  } else if (iso) {
    ev.timestamp = iso[1];
    rest = rest.slice(iso[0].length);
  }
  // After the time comes HOSTNAME then TAG; a first word that already reads `tag:` or `tag[pid]:`
  // means the sender left the hostname out (the listener fills it in from the peer address).
  if (bsd || iso) {
    const sp = rest.indexOf(' ');
    const first = sp > 0 ? rest.slice(0, sp) : rest;
    if (sp > 0 && !/^[^\s[\]:]+(\[[^\]]*\])?:$/.test(first)) {
      ev.hostname = first;
      rest = rest.slice(sp + 1);
    }
  }
  const tag = TAG.exec(rest);
  if (tag) {
    ev.processname = tag[1];
    if (tag[2] !== undefined) ev.processid = tag[2];
    rest = rest.slice(tag[0].length);
  }
  ev.summary = rest.trimStart();
  return { ok: true, value: ev };
}

/** Parses one message (framing already removed). `peer` is the sender's address, for hostless messages. */
export function parseSyslog(message: string, now: Date, peer?: string): SyslogParse {
  const line = message.replace(/[\r\n\0]+$/, '');
  if (line.length === 0) return { ok: false, error: 'syslog: empty message' };
  const p = priority(line);
  // No PRI at all: RFC 3164 says treat the whole thing as the message, user.notice.
  const { header, rest } = p ?? { header: { facility: 'user', severity: 'NOTICE' } as Header, rest: line };
  const r = rest.startsWith('1 ') ? parse5424(header, rest.slice(2)) : parse3164(header, rest, now);
  if (r.ok && r.value.hostname === undefined && peer) r.value.hostname = peer;
  return r;
}
