// MozDef's /alertstatus (the triage bot's answer) and /alertschedules, /syncalertschedules,
// /updatealertschedules (celery schedules, mapped onto rule enable and window).
import { z } from 'zod';
import { AlertSchedules } from '../../alerts/alert-schedules.ts';
import type { Alerting } from '../../alerts/alerting.ts';
import type { AlertStatus } from '../../alerts/alerts-service.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { json, type RouteDef } from '../v1/router.ts';
import { FAULT_WORDS, readObjectBody } from './mozdef-form.ts';

const MOZDEF_STATUSES = ['manual', 'inProgress', 'acknowledged', 'escalated'] as const;
const CONFIDENCES = ['highest', 'high', 'moderate', 'low', 'lowest'] as const;
const REQUIRED = ['alert', 'user', 'response', 'identityConfidence'] as const;

/** MozDef's triage states on Picket's: the bot handing back to people is new again; talking to the user is acknowledged. */
const STATUS_MAP: Record<(typeof MOZDEF_STATUSES)[number], AlertStatus> = {
  manual: 'new',
  inProgress: 'acknowledged',
  acknowledged: 'acknowledged',
  escalated: 'escalated',
};

function bad(message: string): never {
  throw new AppError('bad_request', message);
}

async function alertStatus(
  alerting: Alerting,
  req: Request,
  identity: Parameters<Alerting['alerts']['recordTriage']>[3],
  ip: string,
): Promise<Response> {
  // Any fault, also an oversized body, is MozDef's one answer here.
  const read = await readObjectBody(req).catch(() => undefined);
  if (!read?.ok) bad('Missing or invalid request body');
  const { get } = read.body;
  const status = get('status');
  if (typeof status !== 'string' || !(MOZDEF_STATUSES as readonly string[]).includes(status))
    bad(`Status not one of ${MOZDEF_STATUSES.join(' or ')}`);
  if (REQUIRED.some((f) => get(f) === undefined || get(f) === null))
    bad(`Missing a required field, one of ${REQUIRED.join(', ')}`);
  const confidence = get('identityConfidence');
  if (typeof confidence !== 'string' || !(CONFIDENCES as readonly string[]).includes(confidence))
    bad(`identityConfidence not one of ${CONFIDENCES.join(' or ')}`);
  const user = get('user');
  const response = get('response');
  if (JSON.stringify({ user, response }).length > 10_000) bad('user and response: at most 10000 characters together');
  const id = get('alert');
  // MozDef answered 400 for an alert it could not find; so does Picket.
  const notFound = (): never => bad('Alert not found');
  if (typeof id !== 'string' || !z.uuid().safeParse(id).success) return notFound();
  const triage = { user, response, status };
  await alerting.alerts
    .recordTriage(
      id,
      STATUS_MAP[status as keyof typeof STATUS_MAP],
      { triage, identityConfidence: confidence as string },
      identity,
      ip,
    )
    .catch((err: unknown) => (isAppError(err, 'not_found') ? notFound() : Promise.reject(err)));
  return json(200, { error: null });
}

/** A schedules body: {name: {PeriodicTask fields}}, read into Maps. */
async function scheduleBody(req: Request): Promise<Map<string, Map<string, unknown>>> {
  const read = await readObjectBody(req);
  if (!read.ok)
    bad(
      read.fault === 'shape' ? 'body must be a JSON object of alert schedules keyed by name' : FAULT_WORDS[read.fault],
    );
  const out = new Map<string, Map<string, unknown>>();
  const keys = read.body.keys();
  if (keys.length > 10_000) bad('at most 10000 schedules');
  for (const k of keys) {
    const v = read.body.get(k);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${k}: must be a schedule object`);
    out.set(k, new Map(Object.keys(v as object).map((f) => [f, (v as Record<string, unknown>)[f]])));
  }
  return out;
}

export function mozdefAlertRoutes(alerting: Alerting): RouteDef[] {
  const schedules = new AlertSchedules(alerting.rules);
  const change = (sync: boolean): RouteDef => ({
    method: 'POST',
    path: sync ? '/syncalertschedules' : '/updatealertschedules',
    permission: 'rules:write',
    async handler({ req, identity, ip }) {
      const body = await scheduleBody(req);
      return schedules.apply(body, identity, ip, sync);
    },
  });
  return [
    {
      method: 'POST',
      path: '/alertstatus',
      permission: 'alerts:write',
      handler: ({ req, identity, ip }) => alertStatus(alerting, req, identity, ip),
    },
    {
      method: 'GET',
      path: '/alertschedules',
      permission: 'rules:read',
      async handler() {
        return Object.fromEntries(await schedules.list());
      },
    },
    change(true),
    change(false),
  ];
}
