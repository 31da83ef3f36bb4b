import { z } from 'zod';
import { ROLES } from '../../auth/permissions.ts';
import type { SessionResolver } from '../../auth/session-identity.ts';
import type { Users } from '../../auth/users.ts';
import { AppError } from '../../errors/app-error.ts';
import { Created, type RouteDef } from './router.ts';
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
      body: createUser,
      async handler({ req, identity, ip }) {
        const input = await parseJsonBody(createUser, req);
        const { user, generatedPassword } = await users.create(input, identity, ip);
        // A generated password is shown once, here; only its hash is stored.
        return new Created(generatedPassword ? { ...user, password: generatedPassword } : user);
      },
    },
    {
      method: 'PATCH',
      path: '/users/:id',
      permission: 'users:admin',
      body: patchUser,
      async handler({ req, params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new AppError('not_found', `no user ${params.id}`);
        const { version, ...patch } = await parseJsonBody(patchUser, req);
        // A stale version is a version_conflict carrying the fresh record (UserError's details).
        const updated = await users.update(params.id, patch, version, identity, ip);
        // Ended sessions stop working in this process at once (other processes within their cache time).
        if (patch.password !== undefined || patch.disabled === true) sessions.forget();
        return updated;
      },
    },
  ];
}
