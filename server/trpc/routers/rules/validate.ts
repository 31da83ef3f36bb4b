import { parseRuleDefinition } from '../../../alerts/rule-definition.ts';
import { parseQuery, QuerySyntaxError } from '../../../store/query/index.ts';
import { permission } from '../../init.ts';
import { validateInput } from './rules.types.ts';

function queryError(q: unknown): string | undefined {
  if (typeof q !== 'string' || !q.trim()) return undefined;
  try {
    parseQuery(q);
    return undefined;
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err.message;
    throw err;
  }
}

/**
 * Checks a draft as the editor types: the whole rule's first problem (as create/update would
 * answer) and each query's syntax error, so the form can show them next to the field. Stores nothing.
 */
export const validateProcedure = permission('rules:read')
  .input(validateInput)
  .query(({ input }) => {
    const r = parseRuleDefinition(input.rule);
    const steps = Array.isArray(input.rule.steps)
      ? input.rule.steps.map((s) => queryError((s as { query?: unknown } | null)?.query))
      : [];
    return {
      ok: r.ok,
      message: r.ok ? null : r.message,
      query: queryError(input.rule.query) ?? null,
      steps: steps.map((s) => s ?? null),
    };
  });
