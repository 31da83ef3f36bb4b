// Reading an entity request (kind, value, from, to) the same way for REST and tRPC; each caller
// turns EntityInputError into its own 400.
import { resolveRange, TimeParseError } from '../store/time-range.ts';
import { checkEntity, ENTITY_DEFAULT_FROM, type EntityKind } from './entity-kinds.ts';


export class EntityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntityInputError';
  }
}

export interface EntityRequest {
  kind: EntityKind;
  value: string;
  from: Date;
  to: Date;
}

export function readEntityRequest(kind: string, value: string, from: string | undefined, to: string | undefined, now = new Date()): EntityRequest {
  const checked = checkEntity(kind, value);
  if (!checked.ok) throw new EntityInputError(checked.message);
  try {
    return { kind: checked.kind, value: checked.value, ...resolveRange(from, to, now, ENTITY_DEFAULT_FROM) };
  } catch (err) {
    if (err instanceof TimeParseError) throw new EntityInputError(err.message);
    throw err;
  }
}
