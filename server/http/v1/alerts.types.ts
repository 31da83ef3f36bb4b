import { z } from 'zod';
import { ALERT_STATUSES } from '../../../db/schema.ts';
import { SEVERITIES } from '../../alerts/rule-definition.ts';

const csv = <T extends string>(values: readonly T[], name: string) =>
  z
    .string()
    .max(500)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = parts.filter((p) => !(values as readonly string[]).includes(p));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `${name} must be one of ${values.join(', ')} (comma-separated)` });
        return z.NEVER;
      }
      return parts as T[];
    });

export const listAlertsQuery = z.object({
  q: z.string().max(10_000).default(''),
  status: csv(ALERT_STATUSES, 'status'),
  severity: z
    .string()
    .max(500)
    .optional()
    .transform((s) => s?.toUpperCase()),
  ruleId: z.uuid().optional(),
  /** Free text over summary, category, group key, tags and rule name (the console's search box). */
  text: z.string().trim().max(500).optional(),
  /** An IP, user, host or domain, matched as a whole token of the group key, summary or details. */
  entity: z.string().trim().max(512).optional(),
  /** "me" (the caller), "none" (unassigned) or an exact assignee. */
  assignee: z.string().trim().min(1).max(320).optional(),
  /** `time` (newest first, the default) or `severity` (most severe first, then newest). */
  sort: z.enum(['time', 'severity']).default('time'),
  size: z.coerce.number().int().min(1).max(1000).default(50),
});

export const setStatusBody = z.object({
  status: z.enum(ALERT_STATUSES.filter((s) => s !== 'new') as ['acknowledged', 'escalated', 'closed', 'falsepositive']),
  /** Optional: when sent, a stale version is refused with 409. */
  version: z.number().int().min(1).optional(),
});

export const assignBody = z.object({
  /** The assignee's email address (as the console's assignee list); null unassigns. */
  assignee: z.string().trim().min(1).max(320).nullable(),
  /** Optional: when sent, a stale version is refused with 409. */
  version: z.number().int().min(1).optional(),
});

export const ruleTestBody = z.object({
  rule: z.unknown(),
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
});

export const severityList = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter((x) => (SEVERITIES as readonly string[]).includes(x));
