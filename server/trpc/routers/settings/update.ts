import { permission } from '../../init.ts';
import { updateSettingsInput } from './settings.types.ts';

/** A versioned edit; the Settings service writes the audit entry (with diff) in the same transaction. */
export const updateSettingsProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(updateSettingsInput)
  .mutation(async ({ ctx, input: { version, ...patch } }) => {
    // A stale version is SettingsConflict (version_conflict): the formatter puts `current` into error.data.
    return ctx.services.settings.update(patch, version, ctx.identity, ctx.ip || undefined);
  });
