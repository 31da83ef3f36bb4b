// Deep walk that makes a parsed event storable in Postgres text/jsonb and bounds its shape.
// Postgres rejects NUL in text and jsonb, and jsonb rejects lone UTF-16 surrogates; both are
// repaired here. The walk is copy-on-write: when nothing needs fixing (the usual case) the
// input is returned as is and nothing is allocated.

export interface SanitizeLimits {
  /** Deepest container nesting; the value passed in is depth 1. */
  maxDepth: number;
  /** Object keys summed over the whole value (each is a GIN index entry in details). */
  maxKeys: number;
  /** Approximate JSON size: UTF-16 length of strings and keys plus a few bytes per value. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: SanitizeLimits = { maxDepth: 64, maxKeys: 10_000, maxBytes: 1024 * 1024 };

export type SanitizeResult = { ok: true; value: unknown } | { ok: false; error: string };

// lib is ES2023 in tsconfig; these two are ES2024 and present in Node 20.
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** Replaces NUL with U+FFFD and lone surrogates with U+FFFD; returns the same string if clean. */
export function sanitizeString(s: string): string {
  if (s.indexOf('\u0000') !== -1) s = s.replaceAll('\u0000', '\uFFFD');
  if (!(s as unknown as WellFormed).isWellFormed()) s = (s as unknown as WellFormed).toWellFormed();
  return s;
}

/** Defines an own property; plain assignment of "__proto__" would change the prototype instead. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

// Returned by walk() on a limit violation; the reason is in the state.
const FAIL: unique symbol = Symbol('sanitize-fail');

interface WalkState {
  limits: SanitizeLimits;
  keys: number;
  bytes: number;
  error: string | undefined;
}

function tooBig(st: WalkState): typeof FAIL {
  st.error = `event is larger than ${st.limits.maxBytes} bytes`;
  return FAIL;
}

function walk(v: unknown, depth: number, st: WalkState): unknown {
  switch (typeof v) {
    case 'string':
      st.bytes += v.length + 2;
      if (st.bytes > st.limits.maxBytes) return tooBig(st);
      return sanitizeString(v);
    case 'number':
      st.bytes += 8;
      // JSON.parse turns 1e400 into Infinity; make it what JSON.stringify would write anyway.
      return Number.isFinite(v) ? v : null;
    case 'bigint':
      st.bytes += 8;
      return String(v); // JSON.stringify throws on bigint
    case 'object':
      break;
    default:
      st.bytes += 5;
      return v;
  }
  if (v === null) {
    st.bytes += 4;
    return v;
  }
  if (depth > st.limits.maxDepth) {
    st.error = `event is nested deeper than ${st.limits.maxDepth} levels`;
    return FAIL;
  }
  st.bytes += 2;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      const r = walk(e, depth + 1, st);
      if (r === FAIL) return FAIL;
      if ((st.bytes += 1) > st.limits.maxBytes) return tooBig(st);
      if (out === undefined && r !== e) out = v.slice(0, i);
      if (out !== undefined) out.push(r);
    }
    return out ?? v;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  st.keys += keys.length;
  if (st.keys > st.limits.maxKeys) {
    st.error = `event has more than ${st.limits.maxKeys} keys`;
    return FAIL;
  }
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const val = obj[k];
    if ((st.bytes += k.length + 4) > st.limits.maxBytes) return tooBig(st);
    const nk = sanitizeString(k);
    const r = walk(val, depth + 1, st);
    if (r === FAIL) return FAIL;
    if (out === undefined && (nk !== k || r !== val)) {
      out = {};
      for (let j = 0; j < i; j++) setOwn(out, keys[j], obj[keys[j]]);
    }
    if (out !== undefined) setOwn(out, nk, r);
  }
  return out ?? obj;
}

/**
 * Checks limits and repairs strings at any depth. Returns the input itself when it is already
 * clean, otherwise a copy in which only the containers on the path to a change are new.
 */
export function sanitizeValue(v: unknown, limits: SanitizeLimits = DEFAULT_LIMITS): SanitizeResult {
  const st: WalkState = { limits, keys: 0, bytes: 0, error: undefined };
  const r = walk(v, 1, st);
  if (r === FAIL) return { ok: false, error: st.error ?? 'event rejected' };
  return { ok: true, value: r };
}
