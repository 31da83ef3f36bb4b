import { z } from 'zod';
import { type ApiTokens, newTokenSchema } from '../../auth/api-tokens.ts';
import { AppError } from '../../errors/app-error.ts';
import { Created, type RouteDef } from './router.ts';
import { tokenCreatedAnswer, tokenListAnswer } from './answers.types.ts';
import { parseJsonBody, parseSearchParams } from './validation.ts';

const tokenListQuery = z.object({
  mine: z.enum(['true', 'false']).optional().describe('true: only the tokens you made (admins see all otherwise)'),
});

// The ownership and role-ceiling rules live in ApiTokens (the tRPC tokens router uses the same).
export function tokenRoutes(tokens: ApiTokens): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/tokens',
      permission: 'tokens:read-own',
      query: tokenListQuery,
      response: tokenListAnswer,
      async handler({ identity, url }) {
        // Non-admins only ever see their own; ?mine=true narrows an admin's view the same way (account page).
        const { mine } = parseSearchParams(tokenListQuery, url);
        return { tokens: await tokens.listFor(identity, mine === 'true') };
      },
    },
    {
      method: 'POST',
      path: '/tokens',
      permission: 'tokens:write-own',
      body: newTokenSchema,
      response: tokenCreatedAnswer,
      async handler({ req, identity, ip }) {
        const input = await parseJsonBody(newTokenSchema, req);
        const created = await tokens.create({ ...input, actor: identity, ip });
        return new Created({
          id: created.id,
          token: created.token,
          name: input.name,
          role: input.role,
          ingestOnly: input.ingestOnly,
        });
      },
    },
    {
      method: 'DELETE',
      path: '/tokens/:id',
      permission: 'tokens:write-own',
      async handler({ params, identity, ip }) {
        if (!z.uuid().safeParse(params.id).success) throw new AppError('not_found', `no token ${params.id}`);
        return tokens.revokeAs(params.id, identity, ip);
      },
    },
  ];
}
