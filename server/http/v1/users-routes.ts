import { z } from 'zod';
import { ROLES } from '../../auth/permissions.ts';
import type { SessionResolver } from '../../auth/session-identity.ts';
import { UserError, type Users } from '../../auth/users.ts';
import { HttpError } from '../errors.ts';
import { Created, json, type RouteDef } from './router.ts';
import { parseJsonBody } from './validation.ts';

const createUser = z.object({
  email: z.email('email must be an email address').max(320),
  role: z.enum(ROLES),
  name: z.string().trim().max(200).optional(),
  password: z.string().max(1000).optional(),
});

const patchUser = z
  .object({
    role: z.enum(ROLES).optional(),
    name: z.string().trim().max(200).optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(1000).optional(),
    version: z.number().int().min(1, 'version is the version your edit is based on'),
  })
  .strict();

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
        const input = await parseJsonBody(createUser, req);
        const { user, generatedPassword } = await users.create(input, identity, ip).catch(mapError);
        // A generated password is shown once, here; only its hash is stored.
        return new Created(generatedPassword ? { ...user, password: generatedPassword } : user);
      },
    },
    {
      method: 'PATCH',
      path: '/users/:id',
      permission: 'users:admin',
      async handler({ req, params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new HttpError(404, 'not_found', `no user ${params.id}`);
        const { version, ...patch } = await parseJsonBody(patchUser, req);
        try {
          const updated = await users.update(params.id, patch, version, identity, ip);
          // Ended sessions stop working in this process at once (other processes within their cache time).
          if (patch.password !== undefined || patch.disabled === true) sessions.forget();
          return updated;
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
