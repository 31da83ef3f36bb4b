import { sigmaPlaceholders } from '../../../alerts/sigma/placeholders.ts';
import { permission } from '../../init.ts';

/** The Sigma placeholders in force (`%name%` for |expand) and their values: deployment configuration, read-only here. */
export const sigmaPlaceholdersProcedure = permission('rules:read').query(() => ({
  placeholders: [...sigmaPlaceholders()]
    .map(([name, values]) => ({ name, values: [...values] }))
    .sort((a, b) => a.name.localeCompare(b.name)),
}));
