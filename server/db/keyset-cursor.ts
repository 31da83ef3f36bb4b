// Opaque keyset-pagination cursors over (created_at, id): what a list API hands out as `nextCursor`.

export function encodeKeysetCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

/** The (created_at, id) pair, or null when the string is not a cursor this API returned. */
export function decodeKeysetCursor(cursor: string): [string, string] | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [at, id] = v as unknown[];
    if (
      typeof at === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(Date.parse(at)) &&
      /^[0-9a-f-]{36}$/i.test(id)
    )
      return [at, id];
  } catch {
    // not base64/JSON: same answer as a malformed pair
  }
  return null;
}
