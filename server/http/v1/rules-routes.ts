import { z } from 'zod';
import type { Alerting } from '../../alerts/alerting.ts';
import { backtestRule } from '../../alerts/backtest.ts';
import { parseRuleDefinition, type RuleDefinition } from '../../alerts/rule-definition.ts';
import type { EventStore } from '../../store/event-store.ts';
import { AppError } from '../../errors/app-error.ts';
import { ruleTestBody } from './alerts.types.ts';
import { range } from './events-routes.ts';
import { Created, jsonBody, type RouteDef } from './router.ts';
import { parseJsonBody } from './validation.ts';

export function ruleFromBody(body: unknown): RuleDefinition {
  const r = parseRuleDefinition(body);
  if (!r.ok) throw new AppError('bad_request', r.message);
  return r.rule;
}

/** Rule JSON of a code rule gets its module loaded and its defaults filled first (400 if that fails). */
async function preparedRule(alerting: Alerting, body: unknown): Promise<RuleDefinition> {
  return ruleFromBody(await alerting.codeRules.prepare(body));
}

function ruleId(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found', `no rule ${id}`);
  return id;
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
        return new Created(await rules.create(def, identity, ip));
      },
    },
    {
      method: 'POST',
      path: '/rules/test',
      permission: 'rules:read',
      body: ruleTestBody,
      async handler({ req }) {
        const body = await parseJsonBody(ruleTestBody, req);
        const def = await preparedRule(alerting, body.rule);
        return backtestRule(store, def, range(body.from, body.to), [], await alerting.codeRules.forRule(def));
      },
    },
    {
      method: 'GET',
      path: '/rules/:id',
      permission: 'rules:read',
      async handler({ params }) {
        const r = await rules.get(ruleId(params.id));
        if (!r) throw new AppError('not_found', `no rule ${params.id}`);
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
        if (!Number.isInteger(version) || (version as number) < 1)
          throw new AppError('bad_request', 'version: the version your edit is based on is required');
        const def = await preparedRule(alerting, body);
        return rules.update(id, def, version as number, identity, ip);
      },
    },
    {
      method: 'DELETE',
      path: '/rules/:id',
      permission: 'rules:write',
      async handler({ params, identity, ip }) {
        await rules.remove(ruleId(params.id), identity, ip);
        return { id: params.id, deleted: true };
      },
    },
  ];
}
