// Value coercions for the MozDef top-level fields. Each returns undefined when the value is not
// usable for the field; the caller then keeps the raw value under details instead of losing it.

// category and hostname have btree indexes (entry limit ~2.7 kB) and tags a GIN index with a
// similar limit; 256 UTF-16 units stay under it even at 3 UTF-8 bytes per unit.
export const MAX_FIELD_LENGTH = 256;

const SYSLOG_SEVERITIES = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

// Common short or RFC 5424 spellings, mapped so severity filters match one canonical name.
const SEVERITY_SYNONYMS: Record<string, string> = {
  WARN: 'WARNING',
  ERR: 'ERROR',
  CRIT: 'CRITICAL',
  EMERG: 'EMERGENCY',
  PANIC: 'EMERGENCY',
  INFORMATIONAL: 'INFO',
};

/** Cuts to MAX_FIELD_LENGTH without splitting a surrogate pair. */
export function truncate(s: string): string {
  if (s.length <= MAX_FIELD_LENGTH) return s;
  const code = s.charCodeAt(MAX_FIELD_LENGTH - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? MAX_FIELD_LENGTH - 1 : MAX_FIELD_LENGTH);
}

/** Trimmed non-empty string or finite number as string. */
export function shortText(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t.length === 0 ? undefined : t;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Beats and ECS send host as an object: take its name, else its hostname. */
export function hostText(v: unknown): string | undefined {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const h = v as Record<string, unknown>;
    return shortText(h.name) ?? shortText(h.hostname);
  }
  return shortText(v);
}

/** Summary keeps its whitespace; only blank strings are unusable. */
export function summaryText(v: unknown): string | undefined {
  if (typeof v === 'string') {
    for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 32) return v;
    return undefined;
  }
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Upper case; syslog numeric 0..7 to names; a few synonyms to canonical names. */
export function severityText(v: unknown): string | undefined {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v <= 7) return SYSLOG_SEVERITIES[v];
    return Number.isFinite(v) ? String(v) : undefined;
  }
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (t.length === 0) return undefined;
  if (t.length === 1) {
    const c = t.charCodeAt(0) - 48;
    if (c >= 0 && c <= 7) return SYSLOG_SEVERITIES[c];
  }
  const u = t.toUpperCase();
  return SEVERITY_SYNONYMS[u] ?? u;
}

function tagText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length === 0 ? undefined : truncate(v);
  if (v === null || v === undefined) return undefined;
  // Objects would become "[object Object]"; JSON keeps them searchable. Size is already bounded.
  return truncate(typeof v === 'object' ? JSON.stringify(v) : String(v));
}

/** Array → strings, deduplicated in order; a single value → [value]; objects are unusable. */
export function tagList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) {
    if (v !== null && typeof v === 'object') return undefined;
    const t = tagText(v);
    return t === undefined ? undefined : [t];
  }
  const out: string[] = [];
  const seen = v.length > 16 ? new Set<string>() : undefined;
  for (let i = 0; i < v.length; i++) {
    const t = tagText(v[i]);
    if (t === undefined) continue;
    if (seen !== undefined) {
      if (seen.has(t)) continue;
      seen.add(t);
    } else if (out.includes(t)) continue;
    out.push(t);
  }
  return out;
}
