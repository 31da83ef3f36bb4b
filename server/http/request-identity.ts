import type { ApiTokens } from '../auth/api-tokens.ts';
import type { Identity } from '../auth/permissions.ts';

export function bearerToken(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** Undefined when no credentials were presented; null when they were presented and are invalid. */
export async function identityFromHeaders(
  tokens: ApiTokens,
  authorization: string | null | undefined,
): Promise<Identity | null | undefined> {
  const token = bearerToken(authorization);
  if (token === undefined) return authorization ? null : undefined;
  return tokens.verify(token);
}
