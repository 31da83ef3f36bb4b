// Indicators suggested from a case's evidence: IPs, users, hosts/domains, URLs and hashes found in
// its event snapshots, by field name (or, for IPs, any value that is one), minus what the case
// already has. Snapshots are attacker-written: only own properties are walked, depth and count are
// capped, and every value passes the same validation as a hand-typed indicator.
import net from 'node:net';
import { and, eq, isNotNull } from 'drizzle-orm';
import { caseEvidence, caseIndicators } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { indicatorInput } from './case-inputs.ts';
import type { IndicatorRecord } from './case-model.ts';
import { readCase } from './case-read.ts';
import type { CaseKind } from './case-model.ts';

export interface IndicatorSuggestion {
  type: IndicatorRecord['type'];
  value: string;
  /** The field it was found in first (dotted path), e.g. details.sourceipaddress. */
  field: string;
  /** Evidence items it appears in. */
  count: number;
}

const MAX_DEPTH = 6;
const MAX_VALUES_PER_EVENT = 2000;
const MAX_SUGGESTIONS = 50;

// Field names (last path segment, lower case) that name a user, a host or domain, a URL, a hash.
const USER_KEYS = new Set([
  'user',
  'username',
  'srcuser',
  'dstuser',
  'sourceuser',
  'sourceusername',
  'targetuser',
  'targetusername',
  'accountname',
  'account',
  'useridentity',
  'actor',
]);
const HOST_KEYS = new Set([
  'hostname',
  'host',
  'domain',
  'fqdn',
  'query',
  'servername',
  'sni',
  'sourcehostname',
  'destinationhostname',
  'dnsname',
]);
const URL_KEYS = new Set(['url', 'uri', 'requesturl', 'referrer', 'referer']);
const HASH_KEYS = new Set(['md5', 'sha1', 'sha256', 'sha512', 'hash', 'filehash']);
// Hosts that are the collector's own or not indicators at all.
const IGNORED = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0']);

function classify(key: string, value: string): IndicatorRecord['type'] | null {
  const k = key.toLowerCase().replace(/[_\-.]/g, '');
  if (net.isIP(value)) return 'ip';
  if (USER_KEYS.has(k)) return 'user';
  if (HOST_KEYS.has(k)) return 'domain';
  if (URL_KEYS.has(k)) return /^https?:\/\//i.test(value) ? 'url' : null;
  if (HASH_KEYS.has(k)) return 'hash';
  return null;
}

/** Own string leaves of a snapshot as [path, value], depth- and count-capped. */
function leaves(root: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= MAX_VALUES_PER_EVENT || depth > MAX_DEPTH) return;
    if (typeof v === 'string') out.push([path, v]);
    else if (Array.isArray(v)) for (const x of v) walk(x, path, depth + 1);
    else if (v && typeof v === 'object')
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, depth + 1);
  };
  walk(root, '', 0);
  return out;
}

export async function suggestIndicators(db: Db, caseId: string, kind?: CaseKind): Promise<IndicatorSuggestion[]> {
  await readCase(db, caseId, kind);
  const evidence = await db
    .select({ snapshot: caseEvidence.eventSnapshot })
    .from(caseEvidence)
    .where(and(eq(caseEvidence.caseId, caseId), isNotNull(caseEvidence.eventSnapshot)))
    .limit(1000);
  const have = new Set(
    (
      await db
        .select({ type: caseIndicators.type, value: caseIndicators.value })
        .from(caseIndicators)
        .where(eq(caseIndicators.caseId, caseId))
    ).map((i) => `${i.type}\u0000${i.value}`),
  );
  const found = new Map<string, IndicatorSuggestion>();
  for (const { snapshot } of evidence) {
    const seen = new Set<string>();
    for (const [path, raw] of leaves(snapshot)) {
      const key = path.split('.').at(-1) ?? path;
      const type = classify(key, raw.trim());
      if (!type) continue;
      const parsed = indicatorInput.safeParse({ type, value: raw.trim() });
      if (!parsed.success) continue;
      const value = type === 'domain' || type === 'hash' ? parsed.data.value.toLowerCase() : parsed.data.value;
      const id = `${type}\u0000${value}`;
      if (IGNORED.has(value) || have.has(id) || seen.has(id)) continue;
      seen.add(id);
      const s = found.get(id);
      if (s) s.count++;
      else found.set(id, { type, value, field: path, count: 1 });
    }
  }
  return [...found.values()]
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type) || a.value.localeCompare(b.value))
    .slice(0, MAX_SUGGESTIONS);
}
