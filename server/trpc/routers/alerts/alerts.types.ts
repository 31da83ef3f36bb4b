import { z } from 'zod';
import { ALERT_STATUSES } from '../../../../db/schema.ts';
import { parseQuery, type QueryNode } from '../../../store/query/index.ts';

export const alertId = z.object({ id: z.uuid() });

export const listInput = z.object({
  q: z.string().max(10_000).default(''),
  status: z.array(z.enum(ALERT_STATUSES)).max(5).optional(),
  severity: z.array(z.string().max(20)).max(10).optional(),
  ruleId: z.uuid().optional(),
  size: z.number().int().min(1).max(1000).default(100),
});

const workStatus = z.enum(['new', 'acknowledged', 'escalated', 'closed', 'falsepositive']);

export const setStatusInput = z.object({ id: z.uuid(), status: workStatus, version: z.number().int().min(1) });
export const bulkSetStatusInput = z.object({ ids: z.array(z.uuid()).min(1).max(500), status: workStatus });
export const assignInput = z.object({ id: z.uuid(), assignee: z.string().trim().min(1).max(320).nullable(), version: z.number().int().min(1) });

export function parseFilter(q: string): QueryNode | undefined {
  if (!q.trim()) return undefined;
  return parseQuery(q);
}
