import { permission } from '../../init.ts';

/**
 * Channel names for the rule editor's "Notify" picker: anyone who may read rules sees where a rule
 * sends its alerts, without the settings or secrets (those stay notifications:admin).
 */
export const channelOptionsProcedure = permission('rules:read').query(async ({ ctx }) =>
  (await ctx.services.notifications.channels.list()).map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
  })),
);
