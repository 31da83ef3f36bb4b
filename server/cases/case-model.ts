// The case model shared by services, REST and tRPC: kinds, phases, records and typed errors.
import { AppError } from '../errors/app-error.ts';
export const CASE_KINDS = ['incident', 'investigation'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

// MozDef's incident phases, and its investigation phases.
export const INCIDENT_PHASES = [
  'Identification',
  'Containment',
  'Eradication',
  'Recovery',
  'Lessons Learned',
  'Closed',
] as const;
export const INVESTIGATION_PHASES = ['Identification', 'Evidence', 'Holding', 'Escalation', 'Closed'] as const;
export const ALL_PHASES = [...new Set([...INCIDENT_PHASES, ...INVESTIGATION_PHASES])] as [string, ...string[]];
export const PHASES: Record<CaseKind, readonly string[]> = {
  incident: INCIDENT_PHASES,
  investigation: INVESTIGATION_PHASES,
};

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const TIMELINE_KINDS = ['note', 'action', 'finding', 'communication'] as const;
export const EVIDENCE_KINDS = ['event', 'text', 'file'] as const;
export const HYPOTHESIS_STATUSES = ['open', 'supported', 'refuted', 'inconclusive'] as const;
export const INDICATOR_TYPES = ['ip', 'domain', 'url', 'hash', 'user'] as const;
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export { CASE_RESOLUTIONS, PAP_MARKS, TLP_MARKS, type CaseResolution, type Pap, type Tlp } from './case-marks.ts';
import type { CaseResolution, Pap, Tlp } from './case-marks.ts';

/**
 * A date a phase change filled is withdrawn when the case leaves that phase within this long:
 * clicking through phases to reach the one you mean does not "reach" the ones in between.
 */
export const PHASE_SETTLE_MS = 2 * 60_000;

/** REST path segment and bus topic of each kind. */
export const KIND_TOPIC: Record<CaseKind, 'incidents' | 'investigations'> = {
  incident: 'incidents',
  investigation: 'investigations',
};

/** The MozDef dates, in the order a case usually reaches them. */
export const CASE_DATES = ['openedAt', 'reportedAt', 'verifiedAt', 'mitigatedAt', 'containedAt', 'closedAt'] as const;
export type CaseDate = (typeof CASE_DATES)[number];

/**
 * Entering these phases fills the date when it is still empty (a handler can always set dates by
 * hand): containment starts once the incident is verified, eradication once it is contained,
 * recovery once it is mitigated.
 */
export const PHASE_DATES: Record<string, CaseDate | undefined> = {
  Containment: 'verifiedAt',
  Eradication: 'containedAt',
  Recovery: 'mitigatedAt',
  Closed: 'closedAt',
};

export interface CaseRecord {
  id: string;
  kind: CaseKind;
  summary: string;
  description: string;
  severity: Severity;
  phase: string;
  ownerId: string | null;
  /** Owner's display name (name or email), for lists. */
  ownerName: string | null;
  contacts: string[];
  openedAt: string;
  reportedAt: string | null;
  verifiedAt: string | null;
  mitigatedAt: string | null;
  containedAt: string | null;
  closedAt: string | null;
  veris: string[];
  attack: string[];
  references: string[];
  lessonsLearned: string;
  mitigations: string;
  promotedFromId: string | null;
  promotedToId: string | null;
  /** How it ended (required to close) and the closer's summary. */
  resolution: CaseResolution | null;
  resolutionSummary: string;
  tlp: Tlp;
  pap: Pap;
  /** The template it was opened from, if any. */
  templateId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Fields a PATCH may change (the rest are system-maintained). */
export const EDITABLE_CASE_FIELDS = [
  'summary',
  'description',
  'severity',
  'phase',
  'ownerId',
  'contacts',
  ...CASE_DATES,
  'veris',
  'attack',
  'references',
  'lessonsLearned',
  'mitigations',
  'resolution',
  'resolutionSummary',
  'tlp',
  'pap',
] as const;
export type EditableCaseField = (typeof EDITABLE_CASE_FIELDS)[number];
export type CasePatch = Partial<Pick<CaseRecord, EditableCaseField>>;

export interface PhaseChange {
  fromPhase: string | null;
  phase: string;
  at: string;
  actor: string;
}

export interface TimelineEntry {
  id: string;
  /** The case version that wrote (or last changed) this row. */
  caseVersion: number;
  caseId: string;
  occurredAt: string;
  createdAt: string;
  author: string;
  kind: (typeof TIMELINE_KINDS)[number];
  text: string;
  eventId: string | null;
  evidenceId: string | null;
}

/** Evidence without its bytes (those come from the download route). */
export interface EvidenceRecord {
  id: string;
  /** The case version that wrote (or last changed) this row. */
  caseVersion: number;
  caseId: string;
  kind: (typeof EVIDENCE_KINDS)[number];
  title: string;
  description: string;
  eventId: string | null;
  eventSnapshot: Record<string, unknown> | null;
  textContent: string | null;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number;
  sha256: string;
  addedBy: string;
  addedAt: string;
  /** Its own marks when stricter or looser than the case's (null: the case's). */
  tlp: Tlp | null;
  pap: Pap | null;
}

export interface HypothesisComment {
  id: string;
  /** The case version that wrote (or last changed) this row. */
  caseVersion: number;
  hypothesisId: string;
  author: string;
  text: string;
  createdAt: string;
}

export interface HypothesisRecord {
  id: string;
  /** The case version that wrote (or last changed) this row. */
  caseVersion: number;
  caseId: string;
  statement: string;
  status: (typeof HYPOTHESIS_STATUSES)[number];
  confidence: number;
  supportingEvidence: string[];
  refutingEvidence: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  comments: HypothesisComment[];
}

export interface IndicatorRecord {
  id: string;
  /** The case version that wrote (or last changed) this row. */
  caseVersion: number;
  caseId: string;
  type: (typeof INDICATOR_TYPES)[number];
  value: string;
  note: string;
  addedBy: string;
  addedAt: string;
}

export interface TaskRecord {
  id: string;
  /** The case version that wrote (or last changed) this row. */
  caseVersion: number;
  caseId: string;
  title: string;
  assigneeId: string | null;
  dueAt: string | null;
  status: (typeof TASK_STATUSES)[number];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * A case with its children. With `sinceVersion` (a version the client already holds) the child lists
 * hold only rows written after it — new or changed, to merge by id; a hypothesis comes with all its
 * comments when it or any comment changed. phaseHistory is always complete (it is short).
 */
export interface CaseDetail extends CaseRecord {
  sinceVersion: number;
  phaseHistory: PhaseChange[];
  timeline: TimelineEntry[];
  evidence: EvidenceRecord[];
  hypotheses: HypothesisRecord[];
  indicators: IndicatorRecord[];
  tasks: TaskRecord[];
  /** Alerts escalated to this case (always complete, like phaseHistory). */
  alerts: CaseAlert[];
}

export interface CaseAlert {
  id: string;
  summary: string;
  severity: string;
  status: string;
  utctimestamp: string;
  eventCount: number;
}

export type CaseErrorCode = 'not_found' | 'bad_request' | 'version_conflict' | 'conflict' | 'payload_too_large';

/** Typed service errors; REST maps `code` to a status, tRPC to its error codes. */
export class CaseError extends AppError<CaseErrorCode> {
  constructor(
    code: CaseErrorCode,
    message: string,
    /** For version_conflict: the current record (case, hypothesis or task) and the fields that collided. */
    readonly current?: unknown,
    readonly conflictingFields?: string[],
  ) {
    super(
      code,
      message,
      current === undefined ? {} : { details: { current, conflictingFields: conflictingFields ?? [] } },
    );
  }
}
