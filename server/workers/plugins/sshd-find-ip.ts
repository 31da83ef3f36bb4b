import type { PicketEvent } from '../../ingest/event.ts';
import { parseIp } from '../../net/ip.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef sshdFindIP: sshd and fail2ban lines the sshd parser does not know ("Ban 203.0.113.9",
// "Bad protocol version identification ... from 203.0.113.9") still name an address; the first word
// that is an IPv4 address becomes details.sourceipaddress when the event has none. IPv4 only, as in
// MozDef: a bare IPv6-looking word (a time "10:22:33", a hex id) is too easily something else.

/** MozDef isIPv4: four dotted parts, CIDR allowed; the address part is what is kept. */
function ipv4Word(word: string): string | null {
  // Most words of a log line hold no dot at all: skip them before trimming and splitting.
  if (word.indexOf('.') < 0) return null;
  const w = word.trim().replace(/^["',]+|["',]+$/g, '');
  if (w.split('.').length !== 4) return null;
  const slash = w.indexOf('/');
  const ip = parseIp(slash < 0 ? w : w.slice(0, slash));
  return ip !== null && ip.version === 4 ? w : null;
}

export function findSourceIp(event: PicketEvent): PicketEvent {
  const d = event.details;
  if (Object.hasOwn(d, 'sourceipaddress') || typeof event.summary !== 'string') return event;
  // Bounded: a summary of megabytes must not be split into a huge word list.
  const words = event.summary.slice(0, 4096).trim().split(/\s+/);
  for (const w of words) {
    const ip = ipv4Word(w);
    if (ip !== null) {
      d.sourceipaddress = ip;
      break;
    }
  }
  return event;
}

export function createSshdFindIpPlugin(): EnrichmentPlugin {
  return { name: 'sshdFindIP', priority: 5, registration: ['sshd', 'fail2ban'], onEvent: findSourceIp };
}
