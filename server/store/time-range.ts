// Absolute and relative (Elasticsearch "date math") time expressions, shared by the search API
// (from/to) and by date fields in the query language.
import { AppError } from '../errors/app-error.ts';

export class TimeParseError extends AppError<'bad_request'> {
  constructor(message: string) {
    super('bad_request', message);
  }
}

export type TimeUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'M' | 'y';

export interface TimeOptions {
  /**
   * Round up instead of down, as Elasticsearch does for `lte`/`gt` bounds: `now/d` becomes the last
   * millisecond of today and a partial ISO date (`2026-11-22`) the last millisecond it covers.
   */
  roundUp?: boolean;
}

/** A parsed time expression; relative ones are re-evaluated against the `now` they are given. */
export type TimeResolver = ((now: Date) => Date) & { readonly relative: boolean };

const HELP = 'expected an ISO 8601 date, epoch milliseconds, or now[+-N unit][/unit] with unit one of s m h d w M y';
const UNIT_MS: Record<'s' | 'm' | 'h' | 'd' | 'w', number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };
const MAX_EPOCH_MS = 8.64e15; // the range of a JS Date

// 2026-11-22, 2026-11-22T08, 2026-11-22T08:00, ...T08:00:00.123456, zone Z / +01:00 / +0100 / +01.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*([Zz]|[+-]\d{2}(?::?\d{2})?))?)?$/;
const MATH_OP_RE = /([+-])(\d{1,9})([smhdwMy])|\/([smhdwMy])/y;

function fail(input: string, why = HELP): never {
  throw new TimeParseError(`Invalid time "${input}": ${why}`);
}

function make(fn: (now: Date) => Date, relative: boolean): TimeResolver {
  return Object.assign(fn, { relative });
}

/** Milliseconds for a UTC calendar date; Date.UTC maps years 0-99 to 19xx, so set the year explicitly. */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo, d);
  dt.setUTCHours(h, mi, s, ms);
  return dt.getTime();
}

function daysInMonth(y: number, mo: number): number {
  return new Date(utc(y, mo + 1, 0)).getUTCDate();
}

/** Calendar month arithmetic clamps the day (Jan 31 + 1M = Feb 28), like Joda/Elasticsearch. */
function addMonths(t: number, n: number): number {
  const d = new Date(t);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
  const y = Math.floor(total / 12);
  const mo = total - y * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(y, mo));
  return utc(y, mo, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

function add(t: number, n: number, unit: TimeUnit): number {
  if (unit === 'M') return addMonths(t, n);
  if (unit === 'y') return addMonths(t, n * 12);
  return t + n * UNIT_MS[unit];
}

function floorTo(t: number, unit: TimeUnit): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const mo = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (unit) {
    case 's':
      return t - d.getUTCMilliseconds();
    case 'm':
      return utc(y, mo, day, d.getUTCHours(), d.getUTCMinutes());
    case 'h':
      return utc(y, mo, day, d.getUTCHours());
    case 'd':
      return utc(y, mo, day);
    case 'w':
      // ISO weeks start on Monday (getUTCDay: Sunday = 0).
      return utc(y, mo, day - ((d.getUTCDay() + 6) % 7));
    case 'M':
      return utc(y, mo, 1);
    case 'y':
      return utc(y, 0, 1);
  }
}

function round(t: number, unit: TimeUnit, up: boolean): number {
  const down = floorTo(t, unit);
  return up ? add(down, 1, unit) - 1 : down;
}

function parseIso(input: string, m: RegExpExecArray, up: boolean): number {
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  if (mo > 11 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59)
    fail(input, 'date or time field out of range');
  let offsetMin = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (zh > 23 || zm > 59) fail(input, 'time zone offset out of range');
    offsetMin = (zone[0] === '-' ? -1 : 1) * (zh * 60 + zm);
  }
  // No zone means UTC: the platform stores and displays UTC only.
  let t = utc(y, mo, d, h, mi, s, ms) - offsetMin * 6e4;
  if (up) {
    // A partial date covers a whole unit; rounding up selects its last millisecond.
    if (m[4] === undefined) t += UNIT_MS.d - 1;
    else if (m[5] === undefined) t += UNIT_MS.h - 1;
    else if (m[6] === undefined) t += UNIT_MS.m - 1;
    else if (m[7] === undefined) t += 999;
  }
  return t;
}

type MathOp = { kind: 'add'; n: number; unit: TimeUnit } | { kind: 'round'; unit: TimeUnit };

function parseMath(input: string, rest: string): MathOp[] {
  const ops: MathOp[] = [];
  MATH_OP_RE.lastIndex = 0;
  while (MATH_OP_RE.lastIndex < rest.length) {
    const at = MATH_OP_RE.lastIndex;
    const m = MATH_OP_RE.exec(rest);
    if (!m) fail(input, `unexpected "${rest.slice(at)}" in date math; ${HELP}`);
    if (m[4]) ops.push({ kind: 'round', unit: m[4] as TimeUnit });
    else ops.push({ kind: 'add', n: (m[1] === '-' ? -1 : 1) * Number(m[2]), unit: m[3] as TimeUnit });
  }
  return ops;
}

/** Parses once; the returned function evaluates the expression (cheaply) for a given `now`. */
export function compileTime(input: string, opts: TimeOptions = {}): TimeResolver {
  if (typeof input !== 'string') fail(String(input));
  const text = input.trim();
  const up = opts.roundUp === true;
  if (text === '') fail(input, `empty; ${HELP}`);
  if (/^\d+$/.test(text)) {
    const ms = Number(text);
    if (ms > MAX_EPOCH_MS) fail(input, 'epoch milliseconds out of range');
    const fixed = new Date(ms);
    return make(() => new Date(fixed), false);
  }
  if (text.startsWith('now')) {
    const ops = parseMath(input, text.slice(3));
    const resolver = make((now: Date) => {
      let t = now.getTime();
      for (const op of ops) t = op.kind === 'add' ? add(t, op.n, op.unit) : round(t, op.unit, up);
      return new Date(t);
    }, true);
    // Evaluate once so absurd offsets (now-999999999y) fail here and never in a hot path.
    if (Number.isNaN(resolver(new Date()).getTime())) fail(input, 'date math result is out of range');
    return resolver;
  }
  const m = ISO_RE.exec(text);
  if (!m) fail(input);
  const t = parseIso(input, m, up);
  if (!Number.isFinite(t) || Math.abs(t) > MAX_EPOCH_MS) fail(input, 'out of range');
  return make(() => new Date(t), false);
}

/** ISO 8601 (UTC when no zone), epoch millis, or date math relative to `now`. Rounds down. */
export function parseTime(input: string, now: Date = new Date()): Date {
  return compileTime(input)(now);
}

function blank(s: string | undefined): s is undefined {
  return s === undefined || s.trim() === '';
}

/**
 * A search window. Missing (or blank) bounds default to `defaultFrom` and `now`. `to` rounds up, like
 * Kibana's time picker: `to=now/d` means the end of today.
 */
export function resolveRange(
  from?: string,
  to?: string,
  now: Date = new Date(),
  defaultFrom = 'now-24h',
): { from: Date; to: Date } {
  const label = (which: string, fn: () => Date): Date => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof TimeParseError) throw new TimeParseError(`${which}: ${err.message}`);
      throw err;
    }
  };
  const f = label('from', () => compileTime(blank(from) ? defaultFrom : from)(now));
  const t = label('to', () => compileTime(blank(to) ? 'now' : to, { roundUp: true })(now));
  if (f.getTime() > t.getTime()) {
    throw new TimeParseError(`"from" (${f.toISOString()}) is after "to" (${t.toISOString()})`);
  }
  return { from: f, to: t };
}

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: what Postgres reads from an ISO string. */
const PG_MIN_MS = -62_135_596_800_000;
const PG_MAX_MS = 253_402_300_799_999;

/**
 * A time as a Postgres timestamptz literal. JS dates reach year 275760, but Postgres rejects
 * `+010000-01-01…` and year 0; outside 0001–9999 a bound is `infinity` / `-infinity`, which
 * compares exactly as the far date would against any stored event.
 */
export function pgTimestamp(d: Date): string {
  const t = d.getTime();
  if (t > PG_MAX_MS) return 'infinity';
  if (t < PG_MIN_MS) return '-infinity';
  return d.toISOString();
}
