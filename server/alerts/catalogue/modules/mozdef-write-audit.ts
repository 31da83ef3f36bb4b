// MozDef write_audit as a code rule: its summary lists the written paths and users and, when several
// hosts were touched, the busiest ones; writes by expected users are NOTICE, not WARNING.
// To change the settings below, copy this file into the code rules directory and edit the copy.
import { defineCodeRule, type PicketEvent } from '../../code-rules/define.ts';

/** write_audit.conf skipprocess: writes by these processes are ignored. */
const SKIP_PROCESSES = ['process1', 'process2'];
/** write_audit.conf expectedusers: their writes alert as NOTICE. */
const EXPECTED_USERS = ['user1', 'user2'];
/** MozDef's walkAggregations threshold. */
const THRESHOLD = 2;

const text = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
const detail = (e: PicketEvent, k: string): unknown => (Object.hasOwn(e.details, k) ? e.details[k] : undefined);

/** MozDef's mostCommon: values with their counts, most frequent first (ties keep first-seen order). */
function mostCommon(values: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

export default defineCodeRule({
  name: 'Writes to auditd configuration',
  description:
    'MozDef write_audit: at least 2 writes to a path watched with audit key "audit" by one original user within 15 minutes.',
  query: `category:write AND details.auditkey:audit AND NOT details.processname:(${SKIP_PROCESSES.map((p) => `"${p}"`).join(' OR ')})`,
  groupBy: ['details.originaluser'],
  window: '15m',
  severity: 'WARNING',
  category: 'write',
  tags: ['audit'],
  summary: '{count} Filesystem write(s) to an auditd path by {values:details.user|join:, } ({details.originaluser})',
  evaluate({ key, events }) {
    if (events.length < THRESHOLD) return null;
    // MozDef read users and paths from its (at most 10) sample events, hosts from all of them.
    const samples = events.slice(0, 10);
    const users = [...new Set(samples.map((e) => text(detail(e, 'user'))))];
    const paths = [...new Set(samples.map((e) => text(e.summary).split(' ')[1] ?? ''))];
    let summary = `${events.length} Filesystem write(s) to an auditd path (${paths.join(', ')}) by ${users.join(', ')} (${key})`;
    const hosts = mostCommon(events.map((e) => e.hostname));
    if (hosts.length > 1) for (const [host, n] of hosts.slice(0, 5)) summary += ` on ${host} (${n} hosts)`;
    return { summary, severity: EXPECTED_USERS.includes(key) ? 'NOTICE' : 'WARNING' };
  },
});
