import { z } from 'zod';
import { readEntityRequest } from '../../entities/entity-input.ts';
import type { EntityService } from '../../entities/entity-service.ts';
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
        const r = readEntityRequest(params.kind, params.value, p.from, p.to);
        return entities.get(r.kind, r.value, r.from, r.to);
      },
    },
  ];
}
