import { z } from 'zod';
import { EntityInputError, readEntityRequest } from '../../entities/entity-input.ts';
import type { EntityService } from '../../entities/entity-service.ts';
import { HttpError } from '../errors.ts';
import type { RouteDef } from './router.ts';
import { parseSearchParams } from './validation.ts';

const entityQuery = z.object({ from: z.string().max(100).optional(), to: z.string().max(100).optional() });

export function entityRoutes(entities: EntityService): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/entities/:kind/:value',
      permission: 'events:read',
      async handler({ url, params }) {
        const p = parseSearchParams(entityQuery, url);
        try {
          const r = readEntityRequest(params.kind, params.value, p.from, p.to);
          return await entities.get(r.kind, r.value, r.from, r.to);
        } catch (err) {
          if (err instanceof EntityInputError) throw new HttpError(400, 'bad_request', err.message);
          throw err;
        }
      },
    },
  ];
}
