import { z } from 'zod';
import { OAUTH_POLICIES, SettingsConflict, type Settings } from '../../settings/settings.ts';
import { json, type RouteDef } from './router.ts';
import { parseJsonBody } from './validation.ts';

export const settingsPatch = z
  .object({
    oauthNewUserRole: z.enum(OAUTH_POLICIES).optional(),
    version: z.number().int().min(1, 'version is the version your edit is based on'),
  })
  .strict();

export function settingsRoutes(settings: Settings): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/settings',
      permission: 'settings:admin',
      async handler() {
        return settings.get();
      },
    },
    {
      method: 'PATCH',
      path: '/settings',
      permission: 'settings:admin',
      async handler({ req, identity, ip }) {
        const { version, ...patch } = await parseJsonBody(settingsPatch, req);
        try {
          return await settings.update(patch, version, identity, ip);
        } catch (err) {
          // Same shape as a stale user edit: the fresh record rides along.
          if (err instanceof SettingsConflict) return json(409, { error: { code: 'version_conflict', message: err.message }, current: err.current });
          throw err;
        }
      },
    },
  ];
}
