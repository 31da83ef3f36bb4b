// Input validation for cases, shared by REST and tRPC so both refuse the same things the same way.
import net from 'node:net';
import { z } from 'zod';
import {
  ALL_PHASES,
  CASE_KINDS,
  CASE_RESOLUTIONS,
  PAP_MARKS,
  TLP_MARKS,
  HYPOTHESIS_STATUSES,
  INDICATOR_TYPES,
  SEVERITIES,
  TASK_STATUSES,
  TIMELINE_KINDS,
} from './case-model.ts';

const MAX_TEXT = 20_000;
// Normalized to one ISO form, so "…T00:00:00Z" and "…T00:00:00.000Z" compare equal when merging.
const isoDate = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .transform((v) => new Date(v).toISOString());
const nullableDate = isoDate.nullable();
const shortList = (max: number, itemMax = 500) => z.array(z.string().trim().min(1).max(itemMax)).max(max);

export const caseKind = z.enum(CASE_KINDS);
export const caseId = z.uuid('id must be a UUID');
export const attackId = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'ATT&CK technique ids look like T1059 or T1059.001');

const caseFields = {
  summary: z.string().trim().min(1, 'summary is required').max(500),
  description: z.string().max(MAX_TEXT),
  severity: z.enum(SEVERITIES),
  phase: z.enum(ALL_PHASES),
  ownerId: caseId.nullable(),
  contacts: shortList(50),
  openedAt: isoDate,
  reportedAt: nullableDate,
  verifiedAt: nullableDate,
  mitigatedAt: nullableDate,
  containedAt: nullableDate,
  closedAt: nullableDate,
  veris: shortList(100, 200),
  attack: z.array(attackId).max(200),
  references: shortList(100, 2000),
  lessonsLearned: z.string().max(MAX_TEXT),
  mitigations: z.string().max(MAX_TEXT),
  tlp: z.enum(TLP_MARKS),
  pap: z.enum(PAP_MARKS),
};

/** Closing: how it ended and why (required when the phase becomes Closed). */
const closingFields = {
  resolution: z.enum(CASE_RESOLUTIONS).nullable(),
  resolutionSummary: z.string().trim().max(MAX_TEXT),
};

export const createCaseInput = z
  .object({
    ...caseFields,
    ...closingFields,
    summary: caseFields.summary,
    /** A case template: its severity, marks, description skeleton and tags fill what the request leaves out; its tasks are added. */
    templateId: caseId,
  })
  .partial()
  .required({ summary: true })
  .strict();
export type CreateCaseInput = z.infer<typeof createCaseInput>;

/** A PATCH: the version the edit is based on plus only the fields it changes. */
export const patchCaseInput = z
  .object({
    version: z.number().int().min(1, 'version is the version your edit is based on'),
    ...caseFields,
    ...closingFields,
    /** Closing resolves the case's open alerts unless this is false. */
    resolveAlerts: z.boolean(),
  })
  .partial()
  .required({ version: true })
  .strict();
export type PatchCaseInput = z.infer<typeof patchCaseInput>;

export const listCasesInput = z.object({
  phase: z.enum(ALL_PHASES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  q: z.string().max(500).optional(),
  /** A user id, `me`, or `none` (unowned). */
  owner: z.union([caseId, z.literal('me'), z.literal('none')]).optional(),
  /** Only cases carrying this VERIS tag, exactly ("action.Hacking.Brute force"). */
  veris: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListCasesInput = z.infer<typeof listCasesInput>;

export const timelineInput = z
  .object({
    text: z.string().trim().min(1, 'text is required').max(MAX_TEXT),
    occurredAt: isoDate.optional(),
    kind: z.enum(TIMELINE_KINDS).default('note'),
  })
  .strict();
export type TimelineInput = z.infer<typeof timelineInput>;

const evidenceMeta = {
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(MAX_TEXT).optional(),
  /** Marks of this item when they differ from the case's. */
  tlp: z.enum(TLP_MARKS).optional(),
  pap: z.enum(PAP_MARKS).optional(),
};
export const evidenceInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), eventId: z.uuid('eventId must be an event id'), ...evidenceMeta }).strict(),
  z
    .object({
      kind: z.literal('text'),
      text: z.string().min(1, 'text is required'),
      ...evidenceMeta,
      title: z.string().trim().min(1, 'title is required').max(500),
    })
    .strict(),
  z
    .object({
      kind: z.literal('file'),
      fileName: z.string().trim().min(1).max(255),
      contentType: z.string().max(200).optional(),
      contentBase64: z.base64('contentBase64 must be base64'),
      ...evidenceMeta,
    })
    .strict(),
]);
export type EvidenceInput = z.infer<typeof evidenceInput>;

const evidenceIds = z.array(caseId).max(100);
export const hypothesisInput = z
  .object({
    statement: z.string().trim().min(1, 'statement is required').max(MAX_TEXT),
    status: z.enum(HYPOTHESIS_STATUSES).default('open'),
    confidence: z.number().int().min(0).max(100).default(50),
    supportingEvidence: evidenceIds.default([]),
    refutingEvidence: evidenceIds.default([]),
  })
  .strict();
export type HypothesisInput = z.infer<typeof hypothesisInput>;

export const hypothesisPatch = z
  .object({
    version: z.number().int().min(1),
    statement: z.string().trim().min(1).max(MAX_TEXT),
    status: z.enum(HYPOTHESIS_STATUSES),
    confidence: z.number().int().min(0).max(100),
    supportingEvidence: evidenceIds,
    refutingEvidence: evidenceIds,
  })
  .partial()
  .required({ version: true })
  .strict();
export type HypothesisPatch = z.infer<typeof hypothesisPatch>;

export const commentInput = z.object({ text: z.string().trim().min(1, 'text is required').max(MAX_TEXT) }).strict();

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
const HASH = /^([a-f0-9]{32}|[a-f0-9]{40}|[a-f0-9]{64}|[a-f0-9]{128})$/i;

export const indicatorInput = z
  .object({
    type: z.enum(INDICATOR_TYPES),
    value: z.string().trim().min(1).max(2000),
    note: z.string().max(MAX_TEXT).default(''),
  })
  .strict()
  .superRefine((v, ctx) => {
    const ok =
      v.type === 'ip'
        ? net.isIP(v.value) !== 0
        : v.type === 'domain'
          ? DOMAIN.test(v.value)
          : v.type === 'hash'
            ? HASH.test(v.value)
            : v.type === 'url'
              ? URL.canParse(v.value)
              : v.value.length <= 320;
    if (!ok) ctx.addIssue({ code: 'custom', path: ['value'], message: `not a valid ${v.type}` });
  });
export type IndicatorInput = z.infer<typeof indicatorInput>;

export const taskInput = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(1000),
    assigneeId: caseId.nullable().default(null),
    dueAt: nullableDate.default(null),
    status: z.enum(TASK_STATUSES).default('open'),
  })
  .strict();
export type TaskInput = z.infer<typeof taskInput>;

export const taskPatch = z
  .object({
    version: z.number().int().min(1),
    title: z.string().trim().min(1).max(1000),
    assigneeId: caseId.nullable(),
    dueAt: nullableDate,
    status: z.enum(TASK_STATUSES),
  })
  .partial()
  .required({ version: true })
  .strict();
export type TaskPatch = z.infer<typeof taskPatch>;

export const exportFormat = z.enum(['md', 'json']);
