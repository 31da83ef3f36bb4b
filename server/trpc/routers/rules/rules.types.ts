import { z } from 'zod';
import { parseRuleDefinition, type RuleDefinition } from '../../../alerts/rule-definition.ts';
import type { Alerting } from '../../../alerts/alerting.ts';
import { AppError } from '../../../errors/app-error.ts';

export const ruleId = z.object({ id: z.uuid() });
/** The rule JSON (validated by parseRuleDefinition for messages that name the field). */
export const ruleJson = z.record(z.string(), z.unknown());

export const createInput = z.object({ rule: ruleJson });
export const updateInput = z.object({ id: z.uuid(), version: z.number().int().min(1), rule: ruleJson });
export const toggleInput = z.object({ id: z.uuid(), version: z.number().int().min(1), enabled: z.boolean() });
export const testInput = z.object({
  rule: ruleJson,
  from: z.string().max(100).optional(),
  to: z.string().max(100).optional(),
});
export const validateInput = z.object({ rule: ruleJson });
/** expiresAt: an ISO time, null for "never"; left out, the exception lasts 30 days. */
export const addExceptionInput = z.object({
  ruleId: z.uuid(),
  query: z.string().min(1).max(10_000),
  comment: z.string().max(2000).default(''),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export const removeExceptionInput = z.object({ ruleId: z.uuid(), exceptionId: z.uuid() });

export function definition(rule: unknown): RuleDefinition {
  const r = parseRuleDefinition(rule);
  if (!r.ok) throw new AppError('bad_request', r.message);
  return r.rule;
}

/** definition() after a code rule's module was loaded and its defaults filled. */
export async function preparedDefinition(alerting: Alerting, rule: unknown): Promise<RuleDefinition> {
  return definition(await alerting.codeRules.prepare(rule));
}
