// MozDef's POST /incident (create an incident from a script) and GET /veris (VERIS tags over
// incidents), on Picket's cases service. MozDef's incident tags were VERIS tags: they become the
// incident's VERIS tags, and /veris reads them back.
import type { Identity } from '../../auth/permissions.ts';
import { createCaseInput } from '../../cases/case-inputs.ts';
import { INCIDENT_PHASES } from '../../cases/case-model.ts';
import { isAppError } from '../../errors/app-error.ts';
import type { Cases } from '../../cases/cases.ts';
import { verisTagRows } from '../../cases/veris-stats.ts';
import type { DbOrTx } from '../../db/drizzle.ts';
import { json, type RouteDef } from '../v1/router.ts';
import { describeIssues } from '../v1/validation.ts';
import { readObjectBody, type ObjectBodyFault } from './mozdef-form.ts';

// MozDef's check, on input capped at 320 characters (the regex backtracks on long input).
const EMAIL = /^[A-Za-z0-9.+_-]+@[A-Za-z0-9._-]+\.[a-zA-Z]*$/;
const MOZDEF_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{1,2})\s+(am|pm)$/i;
const DATE_FIELDS = [
  ['dateOpened', 'openedAt'],
  ['dateClosed', 'closedAt'],
  ['dateReported', 'reportedAt'],
  ['dateVerified', 'verifiedAt'],
  ['dateMitigated', 'mitigatedAt'],
  ['dateContained', 'containedAt'],
] as const;

const FAULTS: Record<ObjectBodyFault, string> = {
  empty: 'No data provided',
  json: 'Invalid JSON',
  shape: 'Invalid JSON: expected an object',
};

/** MozDef's failure shape with Picket's error object: {"status": "failed", "error": {code, message}}. */
function failed(message: string, status = 400): Response {
  return json(status, { status: 'failed', error: { code: 'bad_request', message } });
}

/** "2015-10-21 2:30 pm" (MozDef's format, read as UTC) or an ISO 8601 date-time; null when neither. */
export function mozdefDate(v: string): string | null {
  const m = MOZDEF_DATE.exec(v.trim());
  if (m) {
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 1 || h > 12 || mi > 59) return null;
    const hour = (h % 12) + (m[6].toLowerCase() === 'pm' ? 12 : 0);
    const t = new Date(Date.UTC(y, mo - 1, d, hour, mi));
    return t.getUTCDate() === d ? t.toISOString() : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return null;
}

async function createIncident(cases: Cases, req: Request, identity: Identity, ip: string): Promise<Response> {
  const read = await readObjectBody(req);
  if (!read.ok) return failed(FAULTS[read.fault]);
  const { get } = read.body;
  const [summary, phase, creator] = [get('summary'), get('phase'), get('creator')];
  if (summary === undefined || phase === undefined || creator === undefined)
    return failed('Missing required keys(summary, phase, creator)');
  if (typeof phase !== 'string' || !(INCIDENT_PHASES as readonly string[]).includes(phase))
    return failed('Invalid incident phase');
  if (typeof creator !== 'string' || creator.length > 320 || !EMAIL.test(creator))
    return failed('Invalid creator email');
  const dates: Record<string, string> = {};
  for (const [from, to] of DATE_FIELDS) {
    const v = get(from);
    if (v === undefined || v === null) continue;
    const iso = typeof v === 'string' ? mozdefDate(v) : null;
    if (!iso) return failed('Wrong format of date. Please use yyyy-mm-dd hh:mm am/pm');
    dates[to] = iso;
  }
  const tags = get('tags');
  if (tags !== undefined && tags !== null && !Array.isArray(tags)) return failed('tags field must be a list');
  const references = get('references');
  if (references !== undefined && references !== null && !Array.isArray(references))
    return failed('references field must be a list');
  const description = get('description');
  const input = createCaseInput.safeParse({
    summary,
    phase,
    ...(typeof description === 'string' ? { description } : {}),
    ...dates,
    // MozDef's creator is who reported it (it marked them unverified): a contact of the incident.
    contacts: [creator],
    veris: tags ?? [],
    references: references ?? [],
  });
  if (!input.success) return failed(describeIssues(input.error));
  try {
    const created = await cases.records.create('incident', input.data, { identity, ip });
    return json(200, { status: 'success', message: `Incident: <${created.summary}> added.`, id: created.id });
  } catch (err) {
    // MozDef's own failure shape for what the client sent wrong.
    if (isAppError(err, 'bad_request')) return failed(err.message);
    throw err;
  }
}

export function mozdefIncidentRoutes(cases: Cases, db: DbOrTx): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/incident',
      permission: 'cases:write',
      handler: ({ req, identity, ip }) => createIncident(cases, req, identity, ip),
    },
    {
      method: 'GET',
      path: '/veris',
      permission: 'cases:read',
      // MozDef: one row per incident and tag, dates as Mongo extended JSON ({"$date": epoch ms}).
      async handler() {
        return (await verisTagRows(db)).map((r) => ({
          dateOpened: { $date: Date.parse(r.openedAt) },
          tags: r.tag,
          phase: r.phase,
        }));
      },
    },
  ];
}
