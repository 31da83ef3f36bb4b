import { z } from 'zod';
import { ALERT_STATUSES } from '../../../../db/schema.ts';
import { assigneeFilter, type AlertFilter } from '../../../alerts/alert-filter.ts';
import type { Identity } from '../../../auth/permissions.ts';
import { parseQuery, type QueryNode } from '../../../store/query/index.ts';

export const alertId = z.object({ id: z.uuid() });

/** The console's filter: the same fields pick the list, the "N matching" count and a bulk action's alerts. */
export const filterInput = z.object({
  q: z.string().max(10_000).default(''),
  status: z.array(z.enum(ALERT_STATUSES)).max(5).optional(),
  severity: z.array(z.string().max(20)).max(10).optional(),
  ruleId: z.uuid().optional(),
  /** Free text over summary, category, group key, tags and rule name. */
  text: z.string().trim().max(500).optional(),
  /** An IP, user, host or domain, matched as a whole token. */
  entity: z.string().trim().max(512).optional(),
  /** "me" (the signed-in identity), "none" (unassigned) or an exact assignee. */
  assignee: z.string().trim().min(1).max(320).optional(),
});
export type FilterInput = z.infer<typeof filterInput>;

export const listInput = filterInput.extend({
  size: z.number().int().min(1).max(1000).default(100),
  sort: z.enum(['severity', 'time']).default('time'),
});

const workStatus = z.enum(['new', 'acknowledged', 'escalated', 'closed', 'falsepositive']);

export const setStatusInput = z.object({ id: z.uuid(), status: workStatus, version: z.number().int().min(1) });
export const bulkSetStatusInput = z.object({ ids: z.array(z.uuid()).min(1).max(500), status: workStatus });
export const assignInput = z.object({
  id: z.uuid(),
  assignee: z.string().trim().min(1).max(320).nullable(),
  version: z.number().int().min(1),
});

/** Which alerts a bulk action takes: the ones ticked by hand, or every alert the filter matches. */
export const bulkScope = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(500) }),
  z.object({ filter: filterInput }),
]);
export type BulkScope = z.infer<typeof bulkScope>;

export const bulkActionInput = z.object({
  scope: bulkScope,
  change: z.union([
    z.object({ status: z.enum(['acknowledged', 'closed', 'falsepositive', 'new']) }),
    z.object({ assignee: z.string().trim().min(1).max(320).nullable() }),
  ]),
});

export const bulkEscalateInput = z.object({
  scope: bulkScope,
  target: z.discriminatedUnion('mode', [
    z.object({
      mode: z.literal('new'),
      kind: z.enum(['incident', 'investigation']),
      summary: z.string().trim().min(1).max(500),
    }),
    z.object({ mode: z.literal('existing'), kind: z.enum(['incident', 'investigation']), caseId: z.uuid() }),
  ]),
});

export function parseFilter(q: string): QueryNode | undefined {
  if (!q.trim()) return undefined;
  return parseQuery(q);
}

/** The service's filter for this input; "me" is the caller (an email for a signed-in user). */
export function toFilter(f: FilterInput, identity: Identity): AlertFilter {
  return {
    query: parseFilter(f.q),
    status: f.status,
    severity: f.severity?.map((s) => s.toUpperCase()),
    ruleId: f.ruleId,
    text: f.text || undefined,
    entity: f.entity || undefined,
    assignee: assigneeFilter(f.assignee, identity.name),
  };
}

/** A bulk scope as the service's filter plus what the audit entry records of it. */
export function scopeFilter(
  scope: BulkScope,
  identity: Identity,
): { filter: AlertFilter; audit: Record<string, unknown> } {
  if ('ids' in scope) return { filter: { ids: scope.ids }, audit: { ids: scope.ids.length } };
  const filter = toFilter(scope.filter, identity);
  const audit: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(scope.filter)) if (v !== undefined && v !== '') audit[k] = v;
  return { filter, audit };
}
