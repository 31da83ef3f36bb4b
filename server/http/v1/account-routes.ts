import type { SessionResolver } from '../../auth/session-identity.ts';
import type { Users } from '../../auth/users.ts';
import { AppError } from '../../errors/app-error.ts';
import type { RouteDef } from './router.ts';

export function accountRoutes(users: Users, sessions: SessionResolver): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/account',
      permission: 'account:self',
      async handler({ identity }) {
        return { kind: identity.kind, name: identity.name, role: identity.role, ingestOnly: identity.ingestOnly };
      },
    },
    {
      method: 'POST',
      path: '/account/sign-out-everywhere',
      permission: 'account:self',
      async handler({ identity, ip }) {
        if (identity.kind !== 'user')
          throw new AppError('bad_request', 'API tokens have no sessions; revoke the token instead');
        await users.signOutEverywhere(identity.id, identity, ip);
        sessions.forget();
        return { signedOut: true };
      },
    },
  ];
}
