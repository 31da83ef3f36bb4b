// The Sigma part of rule validation: the `yaml` field must compile, and the rule JSON's name,
// severity, tags, description, category and summary default to what the YAML says (fields given
// in the JSON win, so an analyst can rename or re-grade an imported rule).
import { z } from 'zod';
import { SigmaError } from './sigma-error.ts';
import { compileSigma, MAX_SIGMA_YAML } from './sigma-rule.ts';

export const sigmaYaml = z
  .string()
  .min(1)
  .max(MAX_SIGMA_YAML)
  .superRefine((y, ctx) => {
    try {
      compileSigma(y);
    } catch (err) {
      if (!(err instanceof SigmaError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.message });
    }
  });

/** Fields to add to a sigma rule JSON (only those it lacks), or the Sigma error. */
export function sigmaDefaults(raw: Record<string, unknown>): { fields: Record<string, unknown> } | { error: string } {
  if (typeof raw.yaml !== 'string') return { error: 'yaml: a sigma rule needs the Sigma YAML as a string' };
  try {
    const c = compileSigma(raw.yaml);
    const out: Record<string, unknown> = {};
    const fill = (k: string, v: unknown) => {
      if (raw[k] === undefined && v !== undefined) out[k] = v;
    };
    fill('name', c.meta.title);
    fill('description', c.meta.description);
    fill('severity', c.meta.severity);
    fill('tags', c.meta.tags);
    fill('category', 'sigma');
    fill('summary', c.summary);
    return { fields: out };
  } catch (err) {
    if (err instanceof SigmaError) return { error: err.message };
    throw err;
  }
}
