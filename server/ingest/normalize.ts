// MozDef normalization (esworker keyMapping), adapted so that no input data is silently lost.
//
// Mapping rules (top-level keys are matched case-insensitively, a leading '@' is ignored):
//   utctimestamp ← utctimestamp, timestamp, @timestamp, eventtime, event_time, time, date
//   summary      ← summary, message, payload, log (Docker/Kubernetes records via Fluent Bit)
//   hostname     ← hostname, host (or host.name / host.hostname), source_host
//   processname  ← processname, program, pname, sourcename (MozDef/nxlog), ident (Fluent Bit's syslog parser)
//   processid    ← processid, pid
//   severity     ← severity, syslogseverity, level
//   category     ← category, type, eventtype
//   source       ← source
//   tags         ← tags
// The first alias (in the order above) holding a usable value wins and is consumed. Every
// other top-level key goes into details under its original name: unknown keys, aliases that
// lost to a higher-priority one, and values that were only partly used (a Beats host object,
// a field cut to 256 chars). Aliases that are null or blank carry nothing and are dropped.
//
// details is built in priority order, an earlier source winning on key conflicts:
//   1. the event's details object (non-object details → details.message)
//   2. fields (nxlog/logstash custom fields) merged in; non-object fields → details.fields
//   3. MozDef one-off keys "details.x" / "fields.x" → details.x
//   4. remaining top-level keys (see above)
//   5. details.unparsedtimestamp (Picket's own, always set when the time was unparseable)
import type { NormalizedEvent, NormalizeResult } from './event.ts';
import { eventId } from './event-id.ts';
import { hostText, severityText, shortText, summaryText, tagList, truncate } from './normalize-fields.ts';
import { formatTimestamp, parseTimestamp } from './normalize-timestamp.ts';
import { DEFAULT_LIMITS, sanitizeValue, setOwn, type SanitizeLimits } from './sanitize.ts';

export interface NormalizeOptions {
  now: Date;
  retentionDays: number;
  maxFutureMinutes: number;
  /** Approximate JSON size limit of one event (UTF-16 units of strings + keys); default 1 MiB. */
  maxEventBytes?: number;
}

const DAY_MS = 86_400_000;
const UNKNOWN = 'UNKNOWN';

const TIME_ALIASES = ['utctimestamp', 'timestamp', '@timestamp', 'eventtime', 'event_time', 'time', 'date'];
const SLOT_ALIASES: string[][] = [
  ['summary', 'message', 'payload', 'log'],
  ['hostname', 'host', 'source_host'],
  ['processname', 'program', 'pname', 'sourcename', 'ident'],
  ['processid', 'pid'],
  ['severity', 'syslogseverity', 'level'],
  ['category', 'type', 'eventtype'],
  ['source'],
  ['tags'],
  ['details'],
  ['fields'],
  TIME_ALIASES,
];
// Slot numbers, in SLOT_ALIASES order.
const SUMMARY = 0;
const HOSTNAME = 1;
const PROCESSNAME = 2;
const PROCESSID = 3;
const SEVERITY = 4;
const CATEGORY = 5;
const SOURCE = 6;
const TAGS = 7;
const DETAILS = 8;
const FIELDS = 9;
const TIME = 10;

// Every alias gets a position in a flat per-event candidate array; slots are ranges of it.
const SLOT_START: number[] = [];
const ALIAS_POS = new Map<string, number>();
let aliasCount = 0;
for (const names of SLOT_ALIASES) {
  SLOT_START.push(aliasCount);
  for (const n of names) ALIAS_POS.set(n, aliasCount++);
}
SLOT_START.push(aliasCount);

type Coerce = (v: unknown) => string | undefined;

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim().length === 0);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Per-event state shared by the helpers below. */
interface Ctx {
  obj: Record<string, unknown>;
  cand: (string | undefined)[];
  rest: string[]; // top-level keys whose values go to details
}

/** First usable alias of a slot; the raw value stays in details if it was not used whole. */
function pick(ctx: Ctx, slot: number, coerce: Coerce, cut: boolean): string | undefined {
  let result: string | undefined;
  for (let j = SLOT_START[slot]; j < SLOT_START[slot + 1]; j++) {
    const k = ctx.cand[j];
    if (k === undefined) continue;
    const v = ctx.obj[k];
    if (result === undefined) {
      const r = coerce(v);
      if (r !== undefined) {
        result = cut ? truncate(r) : r;
        if (typeof v === 'object' || result.length !== r.length) ctx.rest.push(k);
        continue;
      }
    }
    if (!isBlank(v)) ctx.rest.push(k);
  }
  return result;
}

let lastNowMs = NaN;
let lastNowIso = '';

function nowIso(now: Date): string {
  const ms = now.getTime();
  if (ms !== lastNowMs) {
    lastNowIso = now.toISOString();
    lastNowMs = ms;
  }
  return lastNowIso;
}

function addAbsent(details: Record<string, unknown>, key: string, value: unknown): void {
  if (!Object.hasOwn(details, key)) setOwn(details, key, value);
}

function buildDetails(ctx: Ctx, dotted: string[] | undefined, unparsed: unknown): Record<string, unknown> {
  const { obj, cand } = ctx;
  const details: Record<string, unknown> = {};
  const dk = cand[SLOT_START[DETAILS]];
  if (dk !== undefined) {
    const d = obj[dk];
    if (isPlainObject(d)) {
      for (const k of Object.keys(d)) setOwn(details, k, d[k]);
    } else if (d !== null) details.message = d;
  }
  const fk = cand[SLOT_START[FIELDS]];
  if (fk !== undefined) {
    const f = obj[fk];
    if (isPlainObject(f)) {
      for (const k of Object.keys(f)) addAbsent(details, k, f[k]);
    } else if (f !== null) addAbsent(details, 'fields', f);
  }
  if (dotted !== undefined) {
    for (const k of dotted) addAbsent(details, k.slice((k.charCodeAt(0) | 32) === 100 /* d|D */ ? 8 : 7), obj[k]);
  }
  for (const k of ctx.rest) addAbsent(details, k, obj[k]);
  if (unparsed !== undefined) setOwn(details, 'unparsedtimestamp', unparsed);
  return details;
}

let lastLimits = DEFAULT_LIMITS;

function limitsFor(maxBytes: number | undefined): SanitizeLimits {
  if (maxBytes === undefined) return DEFAULT_LIMITS;
  if (lastLimits.maxBytes !== maxBytes) lastLimits = { ...DEFAULT_LIMITS, maxBytes };
  return lastLimits;
}

/** Normalizes one parsed event into the MozDef schema, or says why it cannot be stored. */
export function normalizeEvent(raw: unknown, opts: NormalizeOptions): NormalizeResult {
  if (!isPlainObject(raw)) return { ok: false, error: 'event must be a JSON object' };
  const clean = sanitizeValue(raw, limitsFor(opts.maxEventBytes));
  if (!clean.ok) return clean;
  const obj = clean.value as Record<string, unknown>;

  const cand = new Array<string | undefined>(aliasCount);
  const rest: string[] = [];
  let dotted: string[] | undefined;
  for (const k of Object.keys(obj)) {
    const lk = k.toLowerCase();
    let pos = ALIAS_POS.get(lk);
    if (pos === undefined && lk.charCodeAt(0) === 64 /* @ */) pos = ALIAS_POS.get(lk.slice(1));
    if (pos !== undefined && cand[pos] === undefined) cand[pos] = k;
    else if (pos === undefined && (lk.startsWith('details.') || lk.startsWith('fields.'))) {
      (dotted ??= []).push(k);
    } else rest.push(k); // unknown key, or a second spelling of one already seen
  }
  const ctx: Ctx = { obj, cand, rest };

  // Time: first alias that parses wins; if none does, the first non-blank one is preserved.
  const nowMs = opts.now.getTime();
  let ts: number | undefined;
  let unparsedKey: string | undefined;
  for (let j = SLOT_START[TIME]; j < SLOT_START[TIME + 1]; j++) {
    const k = cand[j];
    if (k === undefined) continue;
    const v = obj[k];
    if (isBlank(v)) continue;
    if (ts === undefined) {
      const t = parseTimestamp(v, nowMs);
      if (t !== undefined) {
        ts = t;
        continue;
      }
      if (unparsedKey === undefined) {
        unparsedKey = k;
        continue;
      }
    }
    rest.push(k);
  }
  let unparsed: unknown;
  if (ts === undefined) {
    ts = nowMs;
    if (unparsedKey !== undefined) unparsed = obj[unparsedKey];
  } else if (unparsedKey !== undefined) rest.push(unparsedKey);

  if (ts < nowMs - opts.retentionDays * DAY_MS) {
    const shown = formatTimestamp(ts) ?? String(ts);
    return {
      ok: false,
      error: `utctimestamp ${shown} is older than the retention period (${opts.retentionDays} days)`,
    };
  }
  if (ts > nowMs + opts.maxFutureMinutes * 60_000) {
    const shown = formatTimestamp(ts) ?? `${String(ts)} ms`;
    return {
      ok: false,
      error: `utctimestamp ${shown} is more than ${opts.maxFutureMinutes} minutes in the future`,
    };
  }
  const utctimestamp = formatTimestamp(ts) as string; // in range: checked above

  const tagsKey = cand[SLOT_START[TAGS]];
  let tags: string[] | undefined;
  if (tagsKey !== undefined) {
    tags = tagList(obj[tagsKey]);
    if (tags === undefined && !isBlank(obj[tagsKey])) rest.push(tagsKey);
  }

  const event: NormalizedEvent = {
    id: eventId(ts),
    utctimestamp,
    receivedtimestamp: nowIso(opts.now),
    category: pick(ctx, CATEGORY, shortText, true) ?? UNKNOWN,
    source: pick(ctx, SOURCE, shortText, true) ?? UNKNOWN,
    hostname: pick(ctx, HOSTNAME, hostText, true) ?? UNKNOWN,
    processname: pick(ctx, PROCESSNAME, shortText, true) ?? UNKNOWN,
    processid: pick(ctx, PROCESSID, shortText, true) ?? UNKNOWN,
    severity: pick(ctx, SEVERITY, severityText, true) ?? 'INFO',
    summary: pick(ctx, SUMMARY, summaryText, false) ?? UNKNOWN,
    tags: tags ?? [],
    details: buildDetails(ctx, dotted, unparsed), // last: the picks above add to ctx.rest
  };
  return { ok: true, event };
}
