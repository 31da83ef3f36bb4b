import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef parse_su: "pam_unix(su:session): session opened for user root by alice(uid=1000)" from the
// su program gives details.status, details.username, details.originuser and details.uid (null when
// absent). MozDef registered it for "sshd", so it only ran on su lines that also mentioned sshd;
// Picket registers it for "su" (the program, as syslog's processname or details.program).

const SESSION =
  /^pam_unix\(su(?:-l)?:session\): session (?<status>\w+) for user (?<username>\w+)(?: (?:by (?:(?<originuser>\w+))?\(uid=(?<uid>[0-9]+)\)?)?)?$/;

export function parseSu(e: PicketEvent): PicketEvent {
  const d = e.details;
  if (d.program !== 'su' && e.processname !== 'su') return e;
  if (typeof e.summary !== 'string' || !e.summary.startsWith('pam_unix')) return e;
  const m = SESSION.exec(e.summary)?.groups;
  if (!m) return e;
  d.originuser = m.originuser ?? null;
  d.status = m.status;
  d.uid = m.uid ?? null;
  d.username = m.username;
  return e;
}

export function createParseSuPlugin(): EnrichmentPlugin {
  return {
    name: 'parse_su',
    description: 'su session lines: status, username, originuser, uid',
    priority: 5,
    registration: ['su'],
    onEvent: parseSu,
  };
}
