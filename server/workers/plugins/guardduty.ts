import type { PicketEvent } from '../../ingest/event.ts';
import { readOwnPath } from '../../ingest/own-path.ts';
import type { EnrichmentPlugin } from '../plugin.ts';
import { applyFieldMap, pythonUtcIso } from './field-mapping.ts';
import { GUARDDUTY_MAPPING } from './guardduty-mapping.ts';

// MozDef guardDuty: an AWS GuardDuty finding (source "guardduty", the finding in details as AWS's
// normalization lambda shipped it) becomes a flat event: category and source "guardduty", the title
// as summary, details = the finding's action type, type and role plus the fields the mapping lists
// for its type, with MozDef's fix-ups (dates in UTC, AWS tags flattened, a hostname from the DNS
// names, brute-force direction flipped, a local address filled in from the public IP).
// Picket addition: a port probe's first portProbeDetails entry is what the mapping's
// `finding.probeevent` paths read, so a probe carries its prober's address (the catalogue's
// guard_duty_probe rule groups by it); MozDef's mapping named that path, nothing filled it.

const DATE_KEYS = ['gdeventcreatedts', 'gdeventupdatedts', 'gdeventfirstseents', 'gdeventlastseents'];
const BRUTE_FORCE = new Set(['UnauthorizedAccess:EC2/RDPBruteForce', 'UnauthorizedAccess:EC2/SSHBruteForce']);
const DEFAULT_DIRECTION: Record<string, string> = { 'Recon:EC2/PortProbeUnprotectedPort': 'INBOUND' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function fixGuardDuty(e: PicketEvent): PicketEvent {
  if (e.source !== 'guardduty') return e;
  const d = e.details;
  const finding = d.finding;
  const actionType = str(readOwnPath(d, ['finding', 'action', 'actionType']));
  const category = str(d.category);
  // Not a finding in the shape MozDef read (MozDef failed on these): left as it came.
  if (!isRecord(finding) || actionType === undefined || category === undefined) return e;

  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  out.type = actionType.toLowerCase();
  out.finding = category;
  const role = str(finding.resourceRole);
  if (role !== undefined) out.resourcerole = role.toLowerCase();

  if (actionType !== 'AWS_API_CALL') {
    const inst = readOwnPath(d, ['resource', 'instanceDetails']);
    if (isRecord(inst) && Array.isArray(inst.networkInterfaces) && inst.networkInterfaces.length > 0)
      inst.networkInterfaces = inst.networkInterfaces[0];
  }
  const probes = readOwnPath(finding, ['action', 'portProbeAction', 'portProbeDetails']);
  if (!Object.hasOwn(finding, 'probeevent') && Array.isArray(probes) && isRecord(probes[0]))
    finding.probeevent = probes[0];

  const map = Object.hasOwn(GUARDDUTY_MAPPING, category) ? GUARDDUTY_MAPPING[category] : undefined;
  if (map) applyFieldMap(map, d, out);
  for (const k of DATE_KEYS) if (k in out) out[k] = pythonUtcIso(out[k]);

  if (isRecord(out.miscinfo) && 'domain' in out.miscinfo) out.query = out.miscinfo.domain;
  if ('tags' in out) {
    const awstags: string[] = [];
    if (Array.isArray(out.tags))
      for (const kv of out.tags)
        if (isRecord(kv)) for (const v of Object.values(kv)) if (typeof v === 'string') awstags.push(v.toLowerCase());
    out.awstags = awstags;
    delete out.tags;
  }
  let hostname = e.hostname;
  if (typeof out.publicdnsname === 'string') hostname = out.publicdnsname;
  else if (typeof out.privatednsname === 'string') hostname = out.privatednsname;

  // The finding is about our instance attacking someone: source and destination trade places.
  if (BRUTE_FORCE.has(category) && out.direction === 'OUTBOUND') {
    const dst = 'destinationipaddress' in out ? out.sourceipaddress : '0.0.0.0';
    const src = 'sourceipaddress' in out ? out.destinationipaddress : '0.0.0.0';
    out.destinationipaddress = dst;
    out.sourceipaddress = src;
    delete out.sourceport;
    delete out.destinationport;
  }
  if (!('direction' in out)) out.direction = DEFAULT_DIRECTION[category] ?? 'INBOUND';
  if (out.direction === 'INBOUND' && !('destinationipaddress' in out) && 'publicip' in out)
    out.destinationipaddress = out.publicip;
  if (out.direction === 'OUTBOUND' && !('sourceipaddress' in out) && 'publicip' in out)
    out.sourceipaddress = out.publicip;

  e.category = 'guardduty';
  e.tags = ['aws', 'guardduty', ...e.tags];
  e.summary = str(d.title) ?? e.summary;
  e.hostname = hostname;
  e.details = { ...out };
  return e;
}

export function createGuardDutyPlugin(): EnrichmentPlugin {
  return {
    name: 'guardDuty',
    description: 'flattens AWS GuardDuty findings (guardduty_mapping)',
    priority: 3,
    registration: ['guardduty'],
    onEvent: fixGuardDuty,
  };
}
