// Reading an entity request (kind, value, from, to) the same way for REST and tRPC; a bad one is an
// EntityInputError, a 400 through the error table.
import { AppError } from '../errors/app-error.ts';
import { resolveRange, TimeParseError } from '../store/time-range.ts';
import { checkEntity, ENTITY_DEFAULT_FROM, type EntityKind } from './entity-kinds.ts';

export class EntityInputError extends AppError<'bad_request'> {
  constructor(message: string) {
    super('bad_request', message);
  }
}

export interface EntityRequest {
  kind: EntityKind;
  value: string;
  from: Date;
  to: Date;
}

export function readEntityRequest(
  kind: string,
  value: string,
  from: string | undefined,
  to: string | undefined,
  now = new Date(),
): EntityRequest {
  const checked = checkEntity(kind, value);
  if (!checked.ok) throw new EntityInputError(checked.message);
  try {
    return { kind: checked.kind, value: checked.value, ...resolveRange(from, to, now, ENTITY_DEFAULT_FROM) };
  } catch (err) {
    if (err instanceof TimeParseError) throw new EntityInputError(err.message);
    throw err;
  }
}
