import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';

// MozDef auditdFixup: audisp-json / auditd events carry the kernel's "unset" sentinels as text;
// they become -1 so a query for unset ids is one value, and the event gets its host and category.
// - auid / ses of 4294967295 ((uint32)-1, "no login session") → '-1' (text, as MozDef stored it)
// - an id-named field of '(null)' → -1
// - gid holding a group list ("0,4,27") is also copied to gidstring (MozDef moved it because
//   Elasticsearch had mapped gid as a number; Postgres has no such conflict, so gid stays)
// - dhost (the audited host) → hostname, when the shipper gave none; dhost stays
// Not ported: MozDef's built-in drop list (its own nagios, gmond, rabbitmq and chkconfig noise):
// site-specific, and silently dropping events is the drop-rule plugin's job, configured per site.

const UNSET = '4294967295';
const NAMES = new Set(['auditd', 'audisp-json']);

/** MozDef's registration terms, where auditd events carry them. */
function isAuditd(e: PicketEvent): boolean {
  return NAMES.has(e.processname) || NAMES.has(e.category) || NAMES.has(e.source) || e.tags.some((t) => NAMES.has(t));
}

export function fixAuditd(e: PicketEvent): PicketEvent {
  if (!isAuditd(e)) return e;
  const d = e.details;
  if (d.auid === UNSET) d.auid = '-1';
  if (d.ses === UNSET) d.ses = '-1';
  for (const k of Object.keys(d)) if (d[k] === '(null)' && k.includes('id')) d[k] = -1;
  if (typeof d.gid === 'string' && d.gid.includes(',')) d.gidstring = d.gid;
  if (typeof d.dhost === 'string' && d.dhost !== '' && e.hostname === 'UNKNOWN') e.hostname = d.dhost;
  if (e.category === 'UNKNOWN') e.category = 'auditd';
  return e;
}

export function createAuditdFixupPlugin(): EnrichmentPlugin {
  // '*' and the check above instead of MozDef's terms: the Enricher computes terms once, before the
  // first term-registered plugin; at priority 2 that would be before cloudtrail_record (3) names
  // its events, and lower_keys would no longer see them.
  return { name: 'auditdFixup', priority: 2, registration: ['*'], onEvent: fixAuditd };
}
