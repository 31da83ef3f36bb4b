// The JSON answers of the main /api/v1 routes, as zod. A RouteDef's `response` is documented in the
// OpenAPI document (GET /api/v1/openapi.json) and test/openapi-responses.test.ts checks real answers
// against it. Records are strict so a field added to an answer must be added here too.
import { z } from 'zod';
import { ALERT_STATUSES } from '../../../db/schema.ts';
import { CASE_RESOLUTIONS, SEVERITIES as CASE_SEVERITIES, PAP_MARKS, TLP_MARKS } from '../../cases/case-model.ts';

const isoTime = z.string().describe('ISO 8601, UTC');

export const eventAnswer = z
  .strictObject({
    id: z.string(),
    utctimestamp: isoTime,
    receivedtimestamp: isoTime,
    category: z.string(),
    source: z.string(),
    hostname: z.string(),
    processname: z.string(),
    processid: z.string(),
    severity: z.string().describe('Upper case: DEBUG INFO NOTICE WARNING ERROR CRITICAL ALERT EMERGENCY'),
    summary: z.string(),
    tags: z.array(z.string()),
    details: z.record(z.string(), z.unknown()),
  })
  .describe('An event in the MozDef schema');

export const eventSearchAnswer = z.strictObject({
  total: z.number().int().describe('Matches, counted up to 10,000'),
  totalExact: z.boolean().describe('false when counting stopped at the cap'),
  events: z.array(eventAnswer),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
  tookMs: z.number(),
});

export const aggregateAnswer = z.strictObject({
  buckets: z.array(z.strictObject({ key: z.string(), count: z.number().int() })),
});

export const histogramAnswer = z.strictObject({
  interval: z.string().describe('The bucket width chosen, in seconds, e.g. 300s'),
  buckets: z.array(z.strictObject({ ts: isoTime, count: z.number().int() })),
});

export const alertAnswer = z.strictObject({
  id: z.uuid(),
  utctimestamp: isoTime,
  severity: z.string(),
  summary: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  ruleId: z.string().nullable(),
  status: z.enum(ALERT_STATUSES),
  eventIds: z.array(z.string()),
  eventCount: z.number().int(),
  ruleName: z.string().nullable(),
  groupKey: z.string(),
  assignee: z.string().nullable(),
  version: z.number().int(),
  occurrences: z.number().int().describe('Crossings this alert stands for (grouped repeats)'),
  lastSeen: isoTime,
  details: z.record(z.string(), z.unknown()).optional().describe('Code rules: what evaluate() returned'),
  incidentId: z.uuid().nullable().describe('The incident or investigation it was escalated to'),
  incidentKind: z.enum(['incident', 'investigation']).nullable(),
});

export const alertListAnswer = z.strictObject({ alerts: z.array(alertAnswer) });

const nullableTime = isoTime.nullable();

export const caseAnswer = z.strictObject({
  id: z.uuid(),
  kind: z.enum(['incident', 'investigation']),
  summary: z.string(),
  description: z.string(),
  severity: z.enum(CASE_SEVERITIES),
  phase: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  contacts: z.array(z.string()),
  openedAt: isoTime,
  reportedAt: nullableTime,
  verifiedAt: nullableTime,
  mitigatedAt: nullableTime,
  containedAt: nullableTime,
  closedAt: nullableTime,
  veris: z.array(z.string()),
  attack: z.array(z.string()),
  references: z.array(z.string()),
  lessonsLearned: z.string(),
  mitigations: z.string(),
  promotedFromId: z.string().nullable(),
  promotedToId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version: z.number().int(),
  resolution: z.enum(CASE_RESOLUTIONS).nullable().describe('Set when the case is closed'),
  resolutionSummary: z.string(),
  tlp: z.enum(TLP_MARKS),
  pap: z.enum(PAP_MARKS),
  templateId: z.string().nullable().describe('The case template it was opened from'),
});

const child = z.looseObject({ id: z.string() });

/** GET /incidents/{id}: the record with its history and content (each list newest changes since sinceVersion). */
export const caseDetailAnswer = caseAnswer.extend({
  sinceVersion: z.number().int(),
  phaseHistory: z.array(z.looseObject({})),
  timeline: z.array(child),
  evidence: z.array(child),
  hypotheses: z.array(child),
  indicators: z.array(child),
  tasks: z.array(child),
  alerts: z.array(child).describe('The alerts escalated into the case'),
});

/** GET /incidents → {incidents, nextCursor}; GET /investigations → {investigations, nextCursor}. */
export function caseListAnswer(key: 'incidents' | 'investigations') {
  return z.strictObject({ [key]: z.array(caseAnswer), nextCursor: z.string().nullable() });
}

export const watchItemAnswer = z.strictObject({
  id: z.uuid(),
  list: z.enum(['watchlist', 'blockip', 'blockfqdn']),
  type: z.enum(['ip', 'cidr', 'domain', 'username', 'hash']),
  value: z.string(),
  hashType: z.enum(['md5', 'sha1', 'sha256']).nullable(),
  comment: z.string(),
  duration: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoTime,
  expiresAt: nullableTime,
  version: z.number().int(),
  expired: z.boolean().describe('expiresAt is in the past'),
});

export const watchListAnswer = z.strictObject({ items: z.array(watchItemAnswer) });

const role = z.enum(['viewer', 'analyst', 'admin']);

export const userListAnswer = z.strictObject({
  users: z.array(
    z.strictObject({
      id: z.uuid(),
      email: z.string(),
      name: z.string(),
      role,
      disabled: z.boolean(),
      lockedUntil: nullableTime,
      lastLoginAt: nullableTime,
      createdAt: isoTime,
      updatedAt: isoTime,
      version: z.number().int(),
    }),
  ),
});

export const tokenListAnswer = z.strictObject({
  tokens: z.array(
    z.strictObject({
      id: z.uuid(),
      name: z.string(),
      role,
      ingestOnly: z.boolean(),
      prefix: z
        .string()
        .describe('The first characters of the token, to recognise it; the token itself is never shown again'),
      createdBy: z.string().nullable(),
      createdAt: isoTime,
      lastUsedAt: nullableTime,
      revokedAt: nullableTime,
    }),
  ),
});

export const tokenCreatedAnswer = z.strictObject({
  id: z.uuid(),
  token: z.string().describe('Shown once'),
  name: z.string(),
  role,
  ingestOnly: z.boolean(),
});

export const auditListAnswer = z
  .strictObject({
    entries: z.array(
      z.strictObject({
        id: z.number().int(),
        at: isoTime,
        actor: z.string().describe('user:<email>, token:<name> or system'),
        action: z.string(),
        targetType: z.string().nullable(),
        targetId: z.string().nullable(),
        diff: z.unknown().describe('For edits {field: [before, after]}; for creates the new object without secrets'),
        ip: z.string().nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .describe('With format=csv the answer is text/csv instead');
