import { z } from 'zod';
import { OAUTH_POLICIES, type Settings } from '../../settings/settings.ts';
import type { RouteDef } from './router.ts';
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
      body: settingsPatch,
      async handler({ req, identity, ip }) {
        const { version, ...patch } = await parseJsonBody(settingsPatch, req);
        return settings.update(patch, version, identity, ip);
      },
    },
  ];
}
