import type { PicketEvent } from '../../ingest/event.ts';
import { parseIp } from '../../net/ip.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef parse_sshd: pull user, peer and outcome out of OpenSSH's log lines so alerts (brute force,
// unusual logins) can aggregate on fields instead of grepping summaries.

export interface SshdFields {
  username: string;
  sourceipaddress: string; // as logged; validated and normalized before it is stored
  sourceport?: number;
  /** true: authenticated; false: a failed or refused attempt; undefined: says nothing about the outcome. */
  success?: boolean;
  authmethod?: string;
}

// Methods OpenSSH names in Accepted/Failed lines; listing them keeps unrelated "Accepted ... from" lines out.
const METHOD = '(password|publickey|keyboard-interactive(?:/pam)?|hostbased|gssapi-with-mic|gssapi-keyex|none)';
// Usernames are whatever the client sent (spaces included): non-greedy up to the fixed text that follows.
const USER = '(.*?)';
const IP = '([0-9A-Fa-f:.]+)';
const TAIL_SSH2 = '(?: ssh2)?(?:: .*)?$';
const PREAUTH = '(?: \\[preauth\\])?$';

// Precompiled once; each starts with a literal so the first-character dispatch below picks one.
const FAILED = new RegExp(`^Failed ${METHOD} for (invalid user )?${USER} from ${IP} port (\\d{1,5})${TAIL_SSH2}`);
const ACCEPTED = new RegExp(`^Accepted ${METHOD} for ${USER} from ${IP} port (\\d{1,5})${TAIL_SSH2}`);
const INVALID = new RegExp(`^Invalid user ${USER} from ${IP}(?: port (\\d{1,5}))?\\s*$`);
// "Connection closed by [authenticating |invalid ]user U IP port P", or without a user at all.
const CLOSED = new RegExp(`^Connection closed by (?:(?:authenticating |invalid )?user ${USER} )?${IP} port (\\d{1,5})${PREAUTH}`);
const DISCONNECTED = new RegExp(`^Disconnected from (?:(?:authenticating |invalid )?user ${USER} )?${IP} port (\\d{1,5})${PREAUTH}`);
const PID_PREFIX = /^\[\d{1,10}\]:? /;
const MAX_ATTEMPTS = new RegExp(
  `^error: maximum authentication attempts exceeded for (invalid user )?${USER} from ${IP} port (\\d{1,5})(?: ssh2)?${PREAUTH}`,
);

/** Parses one sshd summary line; null when it is not one of the recognized messages. */
export function parseSshdSummary(summary: string): SshdFields | null {
  // Cheap pre-check: one character compare for most events. The length cap bounds regex work on huge
  // summaries; real sshd lines are far shorter.
  if (summary.length < 20 || summary.length > 4096) return null;
  // Some syslog setups leave the pid in the message ("[68208]: Accepted ..."): read past it.
  if (summary.charCodeAt(0) === 91) {
    const p = PID_PREFIX.exec(summary);
    if (p === null) return null;
    summary = summary.slice(p[0].length);
  }
  let m: RegExpExecArray | null;
  switch (summary.charCodeAt(0)) {
    case 70: // F
      if (!summary.startsWith('Failed ') || (m = FAILED.exec(summary)) === null) return null;
      return { authmethod: m[1], username: m[3], sourceipaddress: m[4], sourceport: Number(m[5]), success: false };
    case 65: // A
      if (!summary.startsWith('Accepted ') || (m = ACCEPTED.exec(summary)) === null) return null;
      return { authmethod: m[1], username: m[2], sourceipaddress: m[3], sourceport: Number(m[4]), success: true };
    case 73: // I
      if (!summary.startsWith('Invalid user ') || (m = INVALID.exec(summary)) === null) return null;
      return { username: m[1], sourceipaddress: m[2], sourceport: m[3] === undefined ? undefined : Number(m[3]), success: false };
    case 67: // C
      if (!summary.startsWith('Connection closed by ') || (m = CLOSED.exec(summary)) === null) return null;
      return { username: m[1] ?? '', sourceipaddress: m[2], sourceport: Number(m[3]) };
    case 68: // D
      if (!summary.startsWith('Disconnected from ') || (m = DISCONNECTED.exec(summary)) === null) return null;
      return { username: m[1] ?? '', sourceipaddress: m[2], sourceport: Number(m[3]) };
    case 101: // e
      if (!summary.startsWith('error: maximum authentication') || (m = MAX_ATTEMPTS.exec(summary)) === null) return null;
      return { username: m[2], sourceipaddress: m[3], sourceport: Number(m[4]), success: false };
    default:
      return null;
  }
}

function onEvent(event: PicketEvent): PicketEvent {
  const summary = event.summary;
  if (typeof summary !== 'string') return event;
  const f = parseSshdSummary(summary);
  if (f === null) return event;
  const ip = parseIp(f.sourceipaddress);
  // The line says who the peer was, so it overrides whatever the shipper guessed (as MozDef does).
  const d = event.details;
  if (f.username !== '') d.username = f.username;
  if (ip !== null) {
    d.sourceipaddress = ip.normalized;
    if (f.sourceport !== undefined && f.sourceport <= 65535) d.sourceport = f.sourceport;
  }
  if (f.success !== undefined) d.success = f.success;
  if (f.authmethod !== undefined) d.authmethod = f.authmethod;
  if (event.category === 'UNKNOWN') event.category = 'authentication';
  return event;
}

export function createSshdPlugin(): EnrichmentPlugin {
  return {
    name: 'sshd',
    priority: 15,
    // '*' rather than ['sshd']: OpenSSH >= 9.8 logs as sshd-session, and shippers don't always set
    // processname; the first-character + prefix check makes non-sshd events cost a couple of compares.
    registration: ['*'],
    onEvent,
  };
}
