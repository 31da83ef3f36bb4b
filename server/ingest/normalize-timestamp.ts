// Event time parsing for normalization. Everything resolves to integer epoch milliseconds:
// the stored form is ISO 8601 with milliseconds (sub-millisecond digits are truncated), which
// is what JS Dates, keyset cursors and UUIDv7 ids can all represent exactly.
//
// Accepted forms:
// - numbers and numeric strings are epoch values, unit decided by magnitude |n|:
//     < 1e11 seconds (up to year 5138), < 1e14 milliseconds (from 1973-03-03 on),
//     < 1e17 microseconds, otherwise nanoseconds. Fractional seconds are kept to the ms.
//   Integer strings are cut by digit count instead (<=11 s, 12-14 ms, 15-17 µs, >=18 ns), so
//   19-digit nanosecond strings convert exactly.
// - ISO 8601 / RFC 3339 extended form, 'T' or space separator, optional seconds and fraction
//   ('.' or ','), zone Z / ±HH:MM / ±HHMM / ±HH; no zone means UTC. Date-only means midnight UTC.
// - BSD syslog "Nov 22 10:00:00" (no year): UTC, year of now, or the previous year if that
//   would put it more than a day in the future (December logs read in January).
// - Common Log Format "22/Nov/2026:10:00:00 +0000".
// - Anything else that has a month name or a d/m/y date and that Date.parse accepts (RFC 2822,
//   Date#toString); without an explicit zone it is read as UTC, not in the server's zone.

const DAY_MS = 86_400_000;
// 146097 days: the Gregorian cycle, used to get Date.UTC past its 0..99 → 1900s mapping.
const GREGORIAN_CYCLE_MS = 146_097 * DAY_MS;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const INTEGER = /^\d+$/;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BSD_SYSLOG = /^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/;
const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s*([+-])(\d{2})(\d{2}))?$/;
const LOOSE_DATE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d\/\d/i;
const HAS_ZONE = /\b(?:UTC?|GMT|Z|[ECMP][SD]T)\b|[+-]\d\d:?\d\d\b/i;
const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Epoch number of unknown unit → ms, by magnitude (thresholds above). */
export function epochToMs(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return Math.round(n * 1000);
  if (a < 1e14) return Math.floor(n);
  if (a < 1e17) return Math.floor(n / 1e3);
  return Math.floor(n / 1e6);
}

function digitsToMs(s: string): number {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  const d = i === 0 ? s : s.slice(i);
  const len = d.length;
  if (len <= 11) return Number(d) * 1000;
  if (len <= 14) return Number(d);
  if (len <= 17) return Number(d.slice(0, len - 3));
  return Number(d.slice(0, len - 6));
}

function daysInMonth(y: number, m0: number): number {
  if (m0 === 1) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m0 === 3 || m0 === 5 || m0 === 8 || m0 === 10 ? 30 : 31;
}

/** Date.UTC with range validation and without the two-digit-year quirk; NaN when invalid. */
function utc(y: number, m0: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (m0 < 0 || m0 > 11 || d < 1 || d > daysInMonth(y, m0) || h > 23 || mi > 59 || s > 60) return NaN;
  if (y < 100) return Date.UTC(y + 400, m0, d, h, mi, s, ms) - GREGORIAN_CYCLE_MS;
  return Date.UTC(y, m0, d, h, mi, s, ms);
}

function fractionMs(f: string | undefined): number {
  if (f === undefined) return 0;
  if (f.length >= 3) return Number(f.slice(0, 3));
  return f.length === 2 ? Number(f) * 10 : Number(f) * 100;
}

function parseIso(m: RegExpExecArray): number {
  const t = utc(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, fractionMs(m[7]));
  if (m[9] === undefined) return t; // Z or no zone: UTC
  const oh = +m[10];
  const om = m[11] ? +m[11] : 0;
  if (oh > 23 || om > 59) return NaN;
  const off = (oh * 60 + om) * 60_000;
  return m[9] === '-' ? t + off : t - off;
}

function parseBsdSyslog(m: RegExpExecArray, nowMs: number): number {
  const mon = MONTHS[m[1].toLowerCase()];
  if (mon === undefined) return NaN;
  const year = new Date(nowMs).getUTCFullYear();
  const args = [mon, +m[2], +m[3], +m[4], +m[5], fractionMs(m[6])] as const;
  const t = utc(year, ...args);
  return t > nowMs + DAY_MS ? utc(year - 1, ...args) : t;
}

function parseClf(m: RegExpExecArray): number {
  const mon = MONTHS[m[2].toLowerCase()];
  if (mon === undefined) return NaN;
  const t = utc(+m[3], mon, +m[1], +m[4], +m[5], +m[6], 0);
  if (m[7] === undefined) return t;
  const off = (+m[8] * 60 + +m[9]) * 60_000;
  return m[7] === '-' ? t + off : t - off;
}

function parseLoose(s: string): number {
  if (s.length > 100 || !LOOSE_DATE.test(s)) return NaN;
  const t = Date.parse(s);
  if (Number.isNaN(t) || HAS_ZONE.test(s)) return t;
  // No zone: Date.parse used the server's local zone; read the wall time as UTC instead.
  const u = Date.parse(s + ' GMT');
  return Number.isNaN(u) ? t : u;
}

/**
 * Epoch milliseconds (an integer) for a timestamp value, or undefined when it is not a
 * recognizable time. nowMs only resolves year-less syslog timestamps.
 */
export function parseTimestamp(value: unknown, nowMs: number): number | undefined {
  let t: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    t = epochToMs(value);
  } else if (typeof value === 'string') {
    const s = value.trim();
    if (s.length === 0) return undefined;
    const c = s.charCodeAt(0);
    let m: RegExpExecArray | null;
    if (c >= 48 && c <= 57 && (m = ISO.exec(s)) !== null) t = parseIso(m);
    else if (INTEGER.test(s)) t = digitsToMs(s);
    else if (NUMERIC.test(s)) t = epochToMs(Number(s));
    else if ((m = BSD_SYSLOG.exec(s)) !== null) t = parseBsdSyslog(m, nowMs);
    else if ((m = CLF.exec(s)) !== null) t = parseClf(m);
    else t = parseLoose(s);
  } else return undefined;
  return Number.isFinite(t) ? t : undefined;
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
// Date#toISOString was a fifth of normalize time; events of a batch mostly share a day.
let cachedDay = NaN;
let cachedPrefix = '';

/** ISO 8601 UTC with ms (as Date#toISOString), or undefined outside the range a Date can hold. */
export function formatTimestamp(ms: number): string | undefined {
  if (!(ms >= -8.64e15 && ms <= 8.64e15)) return undefined;
  ms = Math.floor(ms);
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, -13); // through the 'T'
    cachedDay = day;
  }
  let r = ms - day * DAY_MS;
  const milli = r % 1000;
  r = (r - milli) / 1000;
  const sec = r % 60;
  r = (r - sec) / 60;
  const min = r % 60;
  return `${cachedPrefix}${PAD2[(r - min) / 60]}:${PAD2[min]}:${PAD2[sec]}.${PAD3[milli]}Z`;
}
