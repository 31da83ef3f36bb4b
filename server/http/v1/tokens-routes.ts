import { z } from 'zod';
import type { ApiTokens } from '../../auth/api-tokens.ts';
import { can, ROLES, roleAtMost } from '../../auth/permissions.ts';
import { AppError } from '../../errors/app-error.ts';
import { Created, type RouteDef } from './router.ts';
import { parseJsonBody } from './validation.ts';

const createToken = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  role: z.enum(ROLES),
  ingestOnly: z.boolean().default(false),
});

export function tokenRoutes(tokens: ApiTokens): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/tokens',
      permission: 'tokens:read-own',
      async handler({ identity, url }) {
        // Non-admins only ever see their own; ?mine=true narrows an admin's view the same way (account page).
        const ownOnly = !can(identity, 'tokens:admin') || url.searchParams.get('mine') === 'true';
        return { tokens: await tokens.list(ownOnly ? identity : undefined) };
      },
    },
    {
      method: 'POST',
      path: '/tokens',
      permission: 'tokens:write-own',
      body: createToken,
      async handler({ req, identity, ip }) {
        const input = await parseJsonBody(createToken, req);
        if (!roleAtMost(input.role, identity.role)) throw new AppError('forbidden', `a token's role cannot exceed your own (${identity.role})`);
        const created = await tokens.create({ ...input, actor: identity, ip });
        return new Created({ id: created.id, token: created.token, name: input.name, role: input.role, ingestOnly: input.ingestOnly });
      },
    },
    {
      method: 'DELETE',
      path: '/tokens/:id',
      permission: 'tokens:write-own',
      async handler({ params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new AppError('not_found', `no token ${params.id}`);
        // Someone else's token answers like a missing one: its id tells a non-admin nothing.
        const record = await tokens.find(params.id, can(identity, 'tokens:admin') ? undefined : identity);
        if (!record) throw new AppError('not_found', `no token ${params.id}`);
        await tokens.revoke(params.id, identity, ip);
        return { id: params.id, revoked: true };
      },
    },
  ];
}
