// Inputs of the cases router: the domain schemas from server/cases/case-inputs.ts (shared with
// REST) plus which case or child a call is about.
import { z } from 'zod';
import {
  caseId,
  caseKind,
  commentInput,
  createCaseInput,
  evidenceInput,
  exportFormat,
  hypothesisInput,
  hypothesisPatch,
  indicatorInput,
  listCasesInput,
  patchCaseInput,
  taskInput,
  taskPatch,
  timelineInput,
} from '../../../cases/case-inputs.ts';
import { ALL_PHASES, CASE_RESOLUTIONS } from '../../../cases/case-model.ts';
import { MAX_ALERTS_PER_ESCALATION } from '../../../cases/case-alerts.ts';
import { CATALOGS } from '../../../cases/catalog/catalog-search.ts';

export const listInput = listCasesInput.extend({ kind: caseKind });
/**
 * `kind` is optional: ids are unique across incidents and investigations. `sinceVersion`: the
 * version the client holds; only children written after it come back (merge them by id).
 */
export const getInput = z.object({
  id: caseId,
  kind: caseKind.optional(),
  sinceVersion: z.number().int().min(0).default(0),
});
export const createInput = createCaseInput.extend({ kind: caseKind });
export const updateInput = patchCaseInput.extend({ id: caseId });
/** Closing also needs resolution and resolutionSummary; resolveAlerts: false keeps its alerts open. */
export const setPhaseInput = z.object({
  id: caseId,
  phase: z.enum(ALL_PHASES),
  version: z.number().int().min(1),
  resolution: z.enum(CASE_RESOLUTIONS).optional(),
  resolutionSummary: z.string().trim().max(20_000).optional(),
  resolveAlerts: z.boolean().optional(),
});
export const escalateAlertsInput = z
  .object({
    alertIds: z.array(z.uuid()).min(1).max(MAX_ALERTS_PER_ESCALATION),
    incidentId: caseId.optional(),
    summary: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export const addTimelineEntryInput = timelineInput.extend({ caseId });
export const addEvidenceInput = z.object({ caseId, evidence: evidenceInput });
/** Events picked in the explorer or on an alert, snapshotted one evidence item each. */
export const addEventsInput = z.object({ caseId, eventIds: z.array(z.uuid()).min(1).max(100) });
export const addHypothesisInput = hypothesisInput.extend({ caseId });
export const updateHypothesisInput = hypothesisPatch.extend({ id: caseId });
export const addHypothesisCommentInput = commentInput.extend({ hypothesisId: caseId });
export const addIndicatorInput = z.object({ caseId, indicator: indicatorInput });
export const addTaskInput = taskInput.extend({ caseId });
export const updateTaskInput = taskPatch.extend({ id: caseId });
export const promoteInput = z.object({ id: caseId });
export const exportInput = z.object({ id: caseId, format: exportFormat });
export const metricsInput = z.object({ kind: caseKind });
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
/** Incidents opened in [from, to); either end may be left open. */
export const verisStatsInput = z
  .object({ from: instant.optional(), to: instant.optional() })
  .refine((r) => !r.from || !r.to || Date.parse(r.from) < Date.parse(r.to), {
    message: '"from" must be before "to"',
    path: ['to'],
  });
export const catalogInput = z.object({
  catalog: z.enum(CATALOGS),
  q: z.string().max(200).default(''),
  limit: z.number().int().min(1).max(500).default(20),
});

/**
 * Versioned edits answer either the updated record or, when someone else changed the same fields,
 * the current record and which fields collided — the UI shows both instead of catching an error.
 */
export type VersionedResult<T> =
  | { status: 'updated'; record: T; merged: boolean }
  | { status: 'conflict'; message: string; current: T; conflictingFields: string[] };
