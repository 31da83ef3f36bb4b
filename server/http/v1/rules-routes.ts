import { z } from 'zod';
import type { Alerting } from '../../alerts/alerting.ts';
import { backtestRule } from '../../alerts/backtest.ts';
import { CodeRuleError } from '../../alerts/code-rules/code-rule-modules.ts';
import { parseRuleDefinition, type RuleDefinition } from '../../alerts/rule-definition.ts';
import { RuleError } from '../../alerts/rules-service.ts';
import type { EventStore } from '../../store/event-store.ts';
import { HttpError } from '../errors.ts';
import { ruleTestBody } from './alerts.types.ts';
import { range } from './events-routes.ts';
import { Created, json, jsonBody, type RouteDef } from './router.ts';
import { parseJsonBody } from './validation.ts';

export function ruleFromBody(body: unknown): RuleDefinition {
  const r = parseRuleDefinition(body);
  if (!r.ok) throw new HttpError(400, 'bad_request', r.message);
  return r.rule;
}

/** Rule JSON of a code rule gets its module loaded and its defaults filled first (400 if that fails). */
async function preparedRule(alerting: Alerting, body: unknown): Promise<RuleDefinition> {
  try {
    return ruleFromBody(await alerting.codeRules.prepare(body));
  } catch (err) {
    if (err instanceof CodeRuleError) throw new HttpError(400, 'bad_request', err.message);
    throw err;
  }
}

function ruleId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new HttpError(404, 'not_found', `no rule ${id}`);
  return id;
}

function mapError(err: unknown): never {
  if (err instanceof CodeRuleError) throw new HttpError(400, 'bad_request', err.message);
  if (err instanceof RuleError) {
    if (err.code === 'not_found') throw new HttpError(404, 'not_found', err.message);
    if (err.code === 'bad_request') throw new HttpError(400, 'bad_request', err.message);
  }
  throw err;
}

export function ruleRoutes(alerting: Alerting, store: EventStore): RouteDef[] {
  const { rules } = alerting;
  return [
    {
      method: 'GET',
      path: '/rules',
      permission: 'rules:read',
      async handler() {
        return { rules: await rules.list() };
      },
    },
    {
      method: 'POST',
      path: '/rules',
      permission: 'rules:write',
      async handler({ req, identity, ip }) {
        const def = await preparedRule(alerting, await jsonBody(req));
        return new Created(await rules.create(def, identity, ip).catch(mapError));
      },
    },
    {
      method: 'POST',
      path: '/rules/test',
      permission: 'rules:read',
      async handler({ req }) {
        const body = await parseJsonBody(ruleTestBody, req);
        const def = await preparedRule(alerting, body.rule);
        return backtestRule(store, def, range(body.from, body.to), [], await alerting.codeRules.forRule(def).catch(mapError)).catch(mapError);
      },
    },
    {
      method: 'GET',
      path: '/rules/:id',
      permission: 'rules:read',
      async handler({ params }) {
        const r = await rules.get(ruleId(params.id));
        if (!r) throw new HttpError(404, 'not_found', `no rule ${params.id}`);
        return { ...r, exceptions: await rules.exceptions(r.id) };
      },
    },
    {
      method: 'PUT',
      path: '/rules/:id',
      permission: 'rules:write',
      async handler({ req, params, identity, ip }) {
        const id = ruleId(params.id);
        const body = await jsonBody(req);
        const version = (body as { version?: unknown } | null)?.version;
        if (!Number.isInteger(version) || (version as number) < 1) throw new HttpError(400, 'bad_request', 'version: the version your edit is based on is required');
        const def = await preparedRule(alerting, body);
        try {
          return await rules.update(id, def, version as number, identity, ip);
        } catch (err) {
          if (err instanceof RuleError && err.code === 'version_conflict') {
            return json(409, { error: { code: 'version_conflict', message: err.message }, current: err.current });
          }
          return mapError(err);
        }
      },
    },
    {
      method: 'DELETE',
      path: '/rules/:id',
      permission: 'rules:write',
      async handler({ params, identity, ip }) {
        await rules.remove(ruleId(params.id), identity, ip).catch(mapError);
        return { id: params.id, deleted: true };
      },
    },
  ];
}
