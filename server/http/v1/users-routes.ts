import { z } from 'zod';
import type { SessionResolver } from '../../auth/session-identity.ts';
import { createUser, newUserSchema, updateUser, userPatchSchema } from '../../auth/user-admin.ts';
import { UserError, type Users } from '../../auth/users.ts';
import { HttpError } from '../errors.ts';
import { Created, json, type RouteDef } from './router.ts';
import { parseJsonBody } from './validation.ts';


function mapError(err: unknown): never {
  if (err instanceof UserError) {
    if (err.code === 'not_found') throw new HttpError(404, 'not_found', err.message);
    if (err.code === 'weak_password') throw new HttpError(400, 'bad_request', err.message);
    throw new HttpError(409, 'conflict', err.message);
  }
  throw err;
}

export function userRoutes(users: Users, sessions: Pick<SessionResolver, 'forget'>): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/users',
      permission: 'users:admin',
      async handler() {
        return { users: await users.list() };
      },
    },
    {
      method: 'POST',
      path: '/users',
      permission: 'users:admin',
      async handler({ req, identity, ip }) {
        const input = await parseJsonBody(newUserSchema, req);
        // A generated password is shown once, here; only its hash is stored.
        return new Created(await createUser({ users, sessions }, input, identity, ip).catch(mapError));
      },
    },
    {
      method: 'PATCH',
      path: '/users/:id',
      permission: 'users:admin',
      async handler({ req, params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new HttpError(404, 'not_found', `no user ${params.id}`);
        const { version, ...patch } = await parseJsonBody(userPatchSchema, req);
        try {
          return await updateUser({ users, sessions }, params.id, patch, version, identity, ip);
        } catch (err) {
          // The fresh record rides along so the client can show it and let the user re-apply their edit.
          if (err instanceof UserError && err.code === 'version_conflict') {
            return json(409, { error: { code: 'version_conflict', message: err.message }, current: err.current });
          }
          return mapError(err);
        }
      },
    },
  ];
}
