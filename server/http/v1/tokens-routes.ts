import { z } from 'zod';
import type { ApiTokens } from '../../auth/api-tokens.ts';
import { can, ROLES, roleAtMost } from '../../auth/permissions.ts';
import { HttpError } from '../errors.ts';
import { Created, jsonBody, type RouteDef } from './router.ts';
import { describeIssues } from './events.types.ts';

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
      async handler({ identity }) {
        const all = await tokens.list();
        const mine = `${identity.kind}:${identity.name}`;
        return { tokens: can(identity, 'tokens:admin') ? all : all.filter((t) => t.createdBy === mine) };
      },
    },
    {
      method: 'POST',
      path: '/tokens',
      permission: 'tokens:write-own',
      async handler({ req, identity, ip }) {
        const parsed = createToken.safeParse(await jsonBody(req));
        if (!parsed.success) throw new HttpError(400, 'bad_request', describeIssues(parsed.error));
        if (!roleAtMost(parsed.data.role, identity.role)) throw new HttpError(403, 'forbidden', `a token's role cannot exceed your own (${identity.role})`);
        const created = await tokens.create({ ...parsed.data, actor: identity, ip });
        return new Created({ id: created.id, token: created.token, name: parsed.data.name, role: parsed.data.role, ingestOnly: parsed.data.ingestOnly });
      },
    },
    {
      method: 'DELETE',
      path: '/tokens/:id',
      permission: 'tokens:write-own',
      async handler({ params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new HttpError(404, 'not_found', `no token ${params.id}`);
        const record = (await tokens.list()).find((t) => t.id === params.id);
        const mine = record && record.createdBy === `${identity.kind}:${identity.name}`;
        if (!record || (!mine && !can(identity, 'tokens:admin'))) throw new HttpError(404, 'not_found', `no token ${params.id}`);
        await tokens.revoke(params.id, identity, ip);
        return { id: params.id, revoked: true };
      },
    },
  ];
}
