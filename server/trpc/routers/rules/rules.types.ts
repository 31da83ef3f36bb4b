import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { parseRuleDefinition, type RuleDefinition } from '../../../alerts/rule-definition.ts';
import type { Alerting } from '../../../alerts/alerting.ts';
import { CodeRuleError } from '../../../alerts/code-rules/code-rule-modules.ts';
import { RuleError } from '../../../alerts/rules-service.ts';

export const ruleId = z.object({ id: z.uuid() });
/** The rule JSON (validated by parseRuleDefinition for messages that name the field). */
export const ruleJson = z.record(z.string(), z.unknown());

export const createInput = z.object({ rule: ruleJson });
export const updateInput = z.object({ id: z.uuid(), version: z.number().int().min(1), rule: ruleJson });
export const toggleInput = z.object({ id: z.uuid(), version: z.number().int().min(1), enabled: z.boolean() });
export const testInput = z.object({ rule: ruleJson, from: z.string().max(100).optional(), to: z.string().max(100).optional() });
export const validateInput = z.object({ rule: ruleJson });
export const addExceptionInput = z.object({ ruleId: z.uuid(), query: z.string().min(1).max(10_000), comment: z.string().max(2000).default('') });
export const removeExceptionInput = z.object({ ruleId: z.uuid(), exceptionId: z.uuid() });

export function definition(rule: unknown): RuleDefinition {
  const r = parseRuleDefinition(rule);
  if (!r.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: r.message });
  return r.rule;
}

/** definition() after a code rule's module was loaded and its defaults filled. */
export async function preparedDefinition(alerting: Alerting, rule: unknown): Promise<RuleDefinition> {
  return definition(await alerting.codeRules.prepare(rule).catch(ruleTrpcError));
}

export function ruleTrpcError(err: unknown): never {
  if (err instanceof CodeRuleError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
  if (err instanceof RuleError) {
    const code = err.code === 'not_found' ? 'NOT_FOUND' : err.code === 'version_conflict' ? 'CONFLICT' : 'BAD_REQUEST';
    throw new TRPCError({ code, message: err.message, cause: err });
  }
  throw err;
}
