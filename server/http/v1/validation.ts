import type { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { jsonBody } from './router.ts';

/** zod issues → one readable 400 message. */
export function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export function parseSearchParams<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const r = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!r.success) throw new AppError('bad_request', describeIssues(r.error));
  return r.data;
}

export async function parseJsonBody<S extends z.ZodType>(
  schema: S,
  req: Request,
  maxBytes?: number,
): Promise<z.infer<S>> {
  const r = schema.safeParse(await jsonBody(req, maxBytes));
  if (!r.success) throw new AppError('bad_request', describeIssues(r.error));
  return r.data;
}
