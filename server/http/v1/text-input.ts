// Text from API clients on its way to Postgres: text and jsonb cannot hold NUL, and jsonb refuses a
// lone UTF-16 surrogate ("\ud800"), so either one used to surface as a database error (a 500).
// NUL is refused with a clear 400; a lone surrogate becomes U+FFFD, as it would on any UTF-8 write.
import { AppError } from '../../errors/app-error.ts';

const NUL_MESSAGE = 'text must not contain NUL characters (U+0000)';

// lib is ES2023 in tsconfig; these two are ES2024 and present in Node 20.
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

function cleanString(s: string): string {
  if (s.includes('\u0000')) throw new AppError('bad_request', NUL_MESSAGE);
  const w = s as unknown as WellFormed;
  return w.isWellFormed() ? s : w.toWellFormed();
}

/** The parsed JSON body, checked for NUL and with lone surrogates repaired (a copy only where needed). */
export function cleanJsonText(v: unknown): unknown {
  if (typeof v === 'string') return cleanString(v);
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((e, i) => {
      const c = cleanJsonText(e);
      if (c !== e) (out ??= [...(v as unknown[])])[i] = c;
    });
    return out ?? v;
  }
  const obj = v as Record<string, unknown>;
  let changed = false;
  const entries = Object.keys(obj).map((k): [string, unknown] => {
    const [ck, cv] = [cleanString(k), cleanJsonText(obj[k])];
    if (ck !== k || cv !== obj[k]) changed = true;
    return [ck, cv];
  });
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  return changed ? Object.fromEntries(entries) : obj;
}

/** Query parameters with NUL are refused before any handler sees them. */
export function rejectNulParams(params: URLSearchParams): void {
  for (const [k, v] of params)
    if (k.includes('\u0000') || v.includes('\u0000')) throw new AppError('bad_request', NUL_MESSAGE);
}
