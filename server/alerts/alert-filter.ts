// The console's filter over alerts, shared by the list, the "N matching" count and the bulk
// actions over everything matching: the same filter must pick the same alerts on every path.
// Columns filter in SQL (parameterised); a Lucene query runs in memory over the newest SCAN_LIMIT.
import { and, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alerts, type ALERT_STATUSES, rules } from '../../db/schema.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { compileMatcher, type EventMatcher, type QueryNode } from '../store/query/index.ts';

type AlertStatus = (typeof ALERT_STATUSES)[number];

/** How many recent alerts a query filter scans (the filter runs in memory over alert fields), and the most one bulk action changes. */
export const SCAN_LIMIT = 10_000;

/** Syslog levels, least to most severe: the severity sort's order. */
export const SEVERITY_ORDER = [
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'CRITICAL',
  'ALERT',
  'EMERGENCY',
] as const;

export type AlertSort = 'severity' | 'time';

export interface AlertFilter {
  /** Lucene over alert fields (see asEvent). */
  query?: QueryNode;
  status?: AlertStatus[];
  severity?: string[];
  ruleId?: string;
  /** Free text: a case-insensitive substring of the summary, category, group key, tags or rule name. */
  text?: string;
  /** An IP, user name, host or domain: a whole token of the group key, summary or details. */
  entity?: string;
  /** `null`: unassigned; a string: assigned to exactly that person. */
  assignee?: string | null;
  /** Only these alerts (a selection made by hand). */
  ids?: string[];
}

/** The assignee filter as the console and the API spell it: "me" (the caller), "none" (unassigned), or an exact person. */
export function assigneeFilter(value: string | undefined, me: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  return value === 'me' ? me : value;
}

/** The fields the Lucene filter sees on an alert. */
export interface FilterableAlert {
  id: string;
  utctimestamp: string;
  severity: string;
  summary: string;
  category: string;
  tags: string[];
  ruleId: string | null;
  ruleName: string | null;
  groupKey: string;
  status: string;
  assignee: string | null;
}

/** Alerts seen through the query language: columns as on events, the rest under details. */
export function asEvent(a: FilterableAlert): PicketEvent {
  return {
    id: a.id,
    utctimestamp: a.utctimestamp,
    receivedtimestamp: a.utctimestamp,
    category: a.category,
    source: 'picket',
    hostname: '',
    processname: '',
    processid: '',
    severity: a.severity,
    summary: a.summary,
    tags: a.tags,
    details: { status: a.status, assignee: a.assignee, ruleId: a.ruleId, rule: a.ruleName, groupKey: a.groupKey },
  };
}

/** LIKE's wildcards taken literally. */
function likeLiteral(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A Postgres regex matching `s` literally as a whole token (not 10.0.0.1 inside 10.0.0.12). */
function tokenRegex(s: string): string {
  const literal = s.replace(/[\\^$.|?*+()[\]{}-]/g, (c) => `\\${c}`);
  return `(^|[^[:alnum:]._:@-])${literal}($|[^[:alnum:]._:@-])`;
}

/** The SQL part of the filter (the Lucene part is `matcherOf`). Needs `rules` left-joined. */
export function whereOf(f: AlertFilter): SQL | undefined {
  const text = f.text?.trim();
  const entity = f.entity?.trim();
  return and(
    f.status?.length ? inArray(alerts.status, f.status) : undefined,
    f.severity?.length ? inArray(alerts.severity, f.severity) : undefined,
    f.ruleId ? eq(alerts.ruleId, f.ruleId) : undefined,
    f.ids ? inArray(alerts.id, f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']) : undefined,
    f.assignee === null
      ? isNull(alerts.assignee)
      : f.assignee !== undefined
        ? eq(alerts.assignee, f.assignee)
        : undefined,
    text
      ? or(
          ilike(alerts.summary, likeLiteral(text)),
          ilike(alerts.category, likeLiteral(text)),
          ilike(alerts.groupKey, likeLiteral(text)),
          ilike(rules.name, likeLiteral(text)),
          sql`array_to_string(${alerts.tags}, ' ') ILIKE ${likeLiteral(text)}`,
        )
      : undefined,
    entity
      ? or(
          sql`${alerts.groupKey} ~* ${tokenRegex(entity)}`,
          sql`${alerts.summary} ~* ${tokenRegex(entity)}`,
          sql`coalesce(${alerts.details}::text, '') ~* ${tokenRegex(entity)}`,
        )
      : undefined,
  );
}

export function matcherOf(f: AlertFilter): EventMatcher | undefined {
  return f.query && f.query.type !== 'matchAll' ? compileMatcher(f.query) : undefined;
}

const severityRank = sql`coalesce(array_position(ARRAY[${sql.raw(SEVERITY_ORDER.map((s) => `'${s}'`).join(','))}]::text[], upper(${alerts.severity})), 0)`;

/** Most severe first, then newest; or newest first. */
export function orderOf(sort: AlertSort = 'time'): SQL[] {
  const time = [desc(alerts.utctimestamp), desc(alerts.id)];
  return sort === 'severity' ? [sql`${severityRank} DESC`, ...time] : time;
}
