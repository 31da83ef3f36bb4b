import type { PicketEvent } from '../../ingest/event.ts';
import { parseIp } from '../../net/ip.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef parse_sshd: pull user, peer and outcome out of OpenSSH's log lines so alerts (brute force,
// unusual logins) can aggregate on fields instead of grepping summaries. Every line that names the
// peer gives details.sourceipaddress; details.sshdevent says which message it was, so a rule can
// count one kind (a failed attempt is logged by several lines: Failed..., pam_unix, Invalid user).

export interface SshdFields {
  /** Which message: failed, accepted, invalid_user, disconnected, ... (see RULES). */
  sshdevent: string;
  username: string; // '' when the line names none
  sourceipaddress: string; // as logged, '' when none; validated and normalized before it is stored
  sourceport?: number;
  /** true: authenticated; false: a failed or refused attempt; undefined: says nothing about the outcome. */
  success?: boolean;
  authmethod?: string;
  /** Further fields named as MozDef named them (authstatus, rsakeyfingerprint, sessiontype, ...). */
  extra?: Record<string, string | number>;
}

// Methods OpenSSH names in Accepted/Failed lines; listing them keeps unrelated "Accepted ... from" lines out.
const METHOD = '(password|publickey|keyboard-interactive(?:/pam)?|hostbased|gssapi-with-mic|gssapi-keyex|none)';
// Usernames are whatever the client sent (spaces included): non-greedy up to the fixed text that follows.
const USER = '(.*?)';
const IP = '([0-9A-Fa-f:.]+)';
const PORT = '(\\d{1,5})';
const PREAUTH = '(?: \\[preauth\\])?$';
// "... user U IP": OpenSSH >= 7.5 names the user in connection-closing lines.
const OPT_USER = `(?:(?:authenticating |invalid )?user ${USER} )?`;

type Build = (m: RegExpExecArray) => SshdFields;
interface Rule {
  prefix: string;
  re: RegExp;
  build: Build;
}

const port = (s: string | undefined) => (s === undefined ? undefined : Number(s));

/** "ssh2: RSA SHA256:abc" → key type and fingerprint; MozDef's rsakeyfingerprint for RSA keys. */
function keyFields(type: string | undefined, fp: string | undefined): Record<string, string> {
  if (type === undefined || fp === undefined) return {};
  const out: Record<string, string> = { keytype: type, keyfingerprint: fp };
  if (type === 'RSA') out.rsakeyfingerprint = fp;
  return out;
}

const RULES: Rule[] = [
  {
    prefix: 'Accepted ',
    re: new RegExp(`^Accepted ${METHOD} for ${USER} from ${IP} port ${PORT}(?: ssh2)?(?:: (\\S+) (\\S+)(?: .*)?)?$`),
    build: (m) => ({
      sshdevent: 'accepted',
      authmethod: m[1],
      username: m[2],
      sourceipaddress: m[3],
      sourceport: port(m[4]),
      success: true,
      extra: { authstatus: 'Accepted', ...keyFields(m[5], m[6]) },
    }),
  },
  {
    prefix: 'Failed ',
    re: new RegExp(`^Failed ${METHOD} for (invalid user )?${USER} from ${IP} port ${PORT}(?: ssh2)?(?:: .*)?$`),
    build: (m) => ({
      sshdevent: 'failed',
      authmethod: m[1],
      username: m[3],
      sourceipaddress: m[4],
      sourceport: port(m[5]),
      success: false,
      extra: { authstatus: 'Failed' },
    }),
  },
  {
    prefix: 'Invalid user ',
    re: new RegExp(`^Invalid user ${USER} from ${IP}(?: port ${PORT})?\\s*$`),
    build: (m) => ({
      sshdevent: 'invalid_user',
      username: m[1],
      sourceipaddress: m[2],
      sourceport: port(m[3]),
      success: false,
    }),
  },
  {
    prefix: 'Postponed ',
    re: new RegExp(`^Postponed ${METHOD} for ${USER} from ${IP} port ${PORT}(?: ssh2)?${PREAUTH}`),
    build: (m) => ({
      sshdevent: 'postponed',
      authmethod: m[1],
      username: m[2],
      sourceipaddress: m[3],
      sourceport: port(m[4]),
    }),
  },
  {
    prefix: 'Starting session: ',
    re: new RegExp(`^Starting session: (\\S+)(?: on (\\S+))? for ${USER} from ${IP} port ${PORT}(?: id \\d+)?$`),
    build: (m) => ({
      sshdevent: 'session_started',
      username: m[3],
      sourceipaddress: m[4],
      sourceport: port(m[5]),
      extra: { sessiontype: m[1], ...(m[2] === undefined ? {} : { device: m[2] }) },
    }),
  },
  {
    // "rhost" is the peer (an address, or a name with UseDNS), "user" the account tried.
    prefix: 'pam_unix(sshd:auth): authentication failure;',
    re: /^pam_unix\(sshd:auth\): authentication failure;.*?\brhost=(\S*)(?:\s+user=(.*?))?\s*$/,
    build: (m) => ({ sshdevent: 'pam_auth_failure', username: m[2] ?? '', sourceipaddress: m[1], success: false }),
  },
  {
    // Linux-PAM >= 1.5 writes "user root(uid=0)"; MozDef stored the name alone.
    prefix: 'pam_unix(sshd:session): session ',
    re: /^pam_unix\(sshd:session\): session (opened|closed) for user (.+?)(?:\(uid=\d+\))?(?: by \S*\(uid=\d*\))?$/,
    build: (m) => ({ sshdevent: `session_${m[1]}`, username: m[2], sourceipaddress: '' }),
  },
  {
    prefix: 'input_userauth_request: invalid user ',
    re: /^input_userauth_request: invalid user (.*?) \[preauth\]$/,
    build: (m) => ({ sshdevent: 'invalid_user_request', username: m[1], sourceipaddress: '' }),
  },
  {
    prefix: 'Received disconnect from ',
    re: new RegExp(`^Received disconnect from ${IP} port ${PORT}:(\\d+): ?(.*?)${PREAUTH}`),
    build: (m) => ({
      sshdevent: 'received_disconnect',
      username: '',
      sourceipaddress: m[1],
      sourceport: port(m[2]),
      extra: { disconnectreason: Number(m[3]) },
    }),
  },
  {
    // OpenSSH < 7.3 had no port here: "from IP: N: text". MozDef stored that N as sourceport (it is
    // the disconnect reason); kept so MozDef-era queries and its tests still read the same field.
    prefix: 'Received disconnect from ',
    re: new RegExp(`^Received disconnect from ${IP}: (\\d+): ?(.*?)${PREAUTH}`),
    build: (m) => ({ sshdevent: 'received_disconnect', username: '', sourceipaddress: m[1], sourceport: port(m[2]) }),
  },
  {
    prefix: 'Disconnected from ',
    re: new RegExp(`^Disconnected from ${OPT_USER}${IP} port ${PORT}${PREAUTH}`),
    build: (m) => ({ sshdevent: 'disconnected', username: m[1] ?? '', sourceipaddress: m[2], sourceport: port(m[3]) }),
  },
  {
    prefix: 'Disconnecting ',
    re: new RegExp(`^Disconnecting ${OPT_USER}${IP} port ${PORT}: (.*?)${PREAUTH}`),
    build: (m) => ({
      sshdevent: 'disconnecting',
      username: m[1] ?? '',
      sourceipaddress: m[2],
      sourceport: port(m[3]),
      extra: { disconnectmessage: m[4] },
    }),
  },
  {
    prefix: 'Connection closed by ',
    re: new RegExp(`^Connection closed by ${OPT_USER}${IP} port ${PORT}${PREAUTH}`),
    build: (m) => ({
      sshdevent: 'connection_closed',
      username: m[1] ?? '',
      sourceipaddress: m[2],
      sourceport: port(m[3]),
    }),
  },
  {
    prefix: 'Connection reset by ',
    re: new RegExp(`^Connection reset by ${OPT_USER}${IP} port ${PORT}${PREAUTH}`),
    build: (m) => ({
      sshdevent: 'connection_reset',
      username: m[1] ?? '',
      sourceipaddress: m[2],
      sourceport: port(m[3]),
    }),
  },
  {
    // LogLevel VERBOSE: "Connection from IP port N on IP port 22 [rdomain "x"]".
    prefix: 'Connection from ',
    re: new RegExp(`^Connection from ${IP} port ${PORT} on ${IP} port ${PORT}(?: rdomain ".*")?$`),
    build: (m) => ({
      sshdevent: 'connection',
      username: '',
      sourceipaddress: m[1],
      sourceport: port(m[2]),
      extra: { destinationipaddress: m[3], destinationport: Number(m[4]) },
    }),
  },
  {
    prefix: 'error: maximum authentication attempts exceeded for ',
    re: new RegExp(
      `^error: maximum authentication attempts exceeded for (invalid user )?${USER} from ${IP} port ${PORT}(?: ssh2)?${PREAUTH}`,
    ),
    build: (m) => ({
      sshdevent: 'max_auth_attempts',
      username: m[2],
      sourceipaddress: m[3],
      sourceport: port(m[4]),
      success: false,
    }),
  },
  {
    // PAM's own failure line where sshd logs it (FreeBSD, some Linux PAM stacks).
    prefix: 'error: PAM: Authentication failure for ',
    re: new RegExp(`^error: PAM: Authentication failure for (?:illegal user |invalid user )?${USER} from ${IP}\\s*$`),
    build: (m) => ({ sshdevent: 'pam_auth_failure', username: m[1], sourceipaddress: m[2], success: false }),
  },
  {
    prefix: 'Did not receive identification string from ',
    re: new RegExp(`^Did not receive identification string from ${IP}(?: port ${PORT})?\\s*$`),
    build: (m) => ({ sshdevent: 'no_identification', username: '', sourceipaddress: m[1], sourceport: port(m[2]) }),
  },
  {
    prefix: 'Unable to negotiate with ',
    re: new RegExp(`^Unable to negotiate with ${IP} port ${PORT}: (.*?)${PREAUTH}`),
    build: (m) => ({
      sshdevent: 'negotiation_failed',
      username: '',
      sourceipaddress: m[1],
      sourceport: port(m[2]),
      extra: { negotiationerror: m[3] },
    }),
  },
  {
    prefix: 'banner exchange: Connection from ',
    re: new RegExp(`^banner exchange: Connection from ${IP} port ${PORT}: (.*?)${PREAUTH}`),
    build: (m) => ({
      sshdevent: 'banner_exchange_failed',
      username: '',
      sourceipaddress: m[1],
      sourceport: port(m[2]),
      extra: { bannererror: m[3] },
    }),
  },
  {
    prefix: 'fatal: Timeout before authentication for ',
    re: new RegExp(`^fatal: Timeout before authentication for ${IP} port ${PORT}\\s*$`),
    build: (m) => ({ sshdevent: 'auth_timeout', username: '', sourceipaddress: m[1], sourceport: port(m[2]) }),
  },
];

// First character → its rules: most events cost one Map lookup.
const BY_FIRST = new Map<number, Rule[]>();
for (const r of RULES) {
  const c = r.prefix.charCodeAt(0);
  const list = BY_FIRST.get(c);
  if (list) list.push(r);
  else BY_FIRST.set(c, [r]);
}

/** Parses one sshd summary line; null when it is not one of the recognized messages. */
const PID_PREFIX = /^\[\d{1,10}\]:? /;

export function parseSshdSummary(summary: string): SshdFields | null {
  // The length cap bounds regex work on huge summaries; real sshd lines are far shorter.
  if (summary.length < 20 || summary.length > 4096) return null;
  // Some syslog setups leave the pid in the message ("[68208]: Accepted ..."): read past it.
  if (summary.charCodeAt(0) === 91) {
    const p = PID_PREFIX.exec(summary);
    if (p === null) return null;
    summary = summary.slice(p[0].length);
  }
  const rules = BY_FIRST.get(summary.charCodeAt(0));
  if (rules === undefined) return null;
  for (const r of rules) {
    if (!summary.startsWith(r.prefix)) continue;
    const m = r.re.exec(summary);
    if (m !== null) return r.build(m);
  }
  return null;
}

function onEvent(event: PicketEvent): PicketEvent {
  const summary = event.summary;
  if (typeof summary !== 'string') return event;
  const f = parseSshdSummary(summary);
  if (f === null) return event;
  const ip = f.sourceipaddress === '' ? null : parseIp(f.sourceipaddress);
  // The line says who the peer was, so it overrides whatever the shipper guessed (as MozDef does).
  const d = event.details;
  d.sshdevent = f.sshdevent;
  if (f.username !== '') d.username = f.username;
  if (ip !== null) {
    d.sourceipaddress = ip.normalized;
    if (f.sourceport !== undefined && f.sourceport <= 65535) d.sourceport = f.sourceport;
  }
  if (f.success !== undefined) d.success = f.success;
  if (f.authmethod !== undefined) d.authmethod = f.authmethod;
  if (f.extra !== undefined) {
    for (const [k, v] of Object.entries(f.extra)) {
      if (k === 'destinationipaddress') {
        const dst = parseIp(String(v));
        if (dst !== null) d[k] = dst.normalized;
      } else d[k] = v;
    }
  }
  if (event.category === 'UNKNOWN') event.category = 'authentication';
  return event;
}

export function createSshdPlugin(): EnrichmentPlugin {
  return {
    name: 'sshd',
    priority: 15,
    // '*' rather than ['sshd']: OpenSSH >= 9.8 logs as sshd-session, and shippers don't always set
    // processname; the first-character + prefix check makes non-sshd events cost a Map lookup.
    registration: ['*'],
    onEvent,
  };
}
