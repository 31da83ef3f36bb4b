import { z } from 'zod';
import type { SessionResolver } from '../../auth/session-identity.ts';
import { createUser, newUserSchema, updateUser, userPatchSchema } from '../../auth/user-admin.ts';
import type { Users } from '../../auth/users.ts';
import { AppError } from '../../errors/app-error.ts';
import { Created, type RouteDef } from './router.ts';
import { userListAnswer } from './answers.types.ts';
import { parseJsonBody } from './validation.ts';

export function userRoutes(users: Users, sessions: Pick<SessionResolver, 'forget'>): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/users',
      permission: 'users:admin',
      response: userListAnswer,
      async handler() {
        return { users: await users.list() };
      },
    },
    {
      method: 'POST',
      path: '/users',
      permission: 'users:admin',
      body: newUserSchema,
      async handler({ req, identity, ip }) {
        const input = await parseJsonBody(newUserSchema, req);
        // A generated password is shown once, here; only its hash is stored.
        return new Created(await createUser({ users, sessions }, input, identity, ip));
      },
    },
    {
      method: 'PATCH',
      path: '/users/:id',
      permission: 'users:admin',
      body: userPatchSchema,
      async handler({ req, params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new AppError('not_found', `no user ${params.id}`);
        const { version, ...patch } = await parseJsonBody(userPatchSchema, req);
        // A stale version is a version_conflict carrying the fresh record (UserError's details).
        return updateUser({ users, sessions }, params.id, patch, version, identity, ip);
      },
    },
  ];
}
