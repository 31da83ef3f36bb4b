import { TRPCClientError } from '@trpc/client';

/**
 * The current record a version conflict carries (the server's error formatter puts it in
 * `data.current`), or undefined for any other error. `T` is the record the stale edit was made on.
 */
export function staleCurrent<T>(err: unknown): T | undefined {
  if (!(err instanceof TRPCClientError)) return undefined;
  const data = err.data as { code?: string; current?: unknown } | undefined;
  return data?.code === 'CONFLICT' && data.current !== undefined ? (data.current as T) : undefined;
}
