import { TRPCError } from '@trpc/server';
import { SettingsConflict } from '../../../settings/settings.ts';
import { permission } from '../../init.ts';
import { updateSettingsInput } from './settings.types.ts';

/** A versioned edit; the Settings service writes the audit entry (with diff) in the same transaction. */
export const updateSettingsProcedure = permission('settings:admin', { audit: 'recorded' })
  .input(updateSettingsInput)
  .mutation(async ({ ctx, input: { version, ...patch } }) => {
    try {
      return await ctx.services.settings.update(patch, version, ctx.identity, ctx.ip || undefined);
    } catch (err) {
      // The error formatter puts `current` into error.data, like REST's 409 body.
      if (err instanceof SettingsConflict) throw new TRPCError({ code: 'CONFLICT', message: err.message, cause: err });
      throw err;
    }
  });
