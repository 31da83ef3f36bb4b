// The rule JSON of docs/rules.md ("name", "type", "query", "groupBy", "threshold", "window", ...): what the
// REST API, the UI's code view and the catalogue all speak. Validation happens here once; the engine
// trusts a parsed definition.
import { z } from 'zod';
import { normalizeField } from '../store/query/fields.ts';
import { MAX_QUERY_LENGTH, parseQuery, QuerySyntaxError } from '../store/query/index.ts';
import { sigmaDefaults, sigmaYaml } from './sigma/sigma-defaults.ts';
import { checkSummaryTemplate } from './summary-template.ts';
import { MAX_BLOCK_HOURS } from '../watchlist/watch-values.ts';

export const SEVERITIES = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'] as const;
export const SUPPORTED_TYPES = [
  'match',
  'threshold',
  'cardinality',
  'sequence',
  'deadman',
  'watchlist',
  'sigma',
  'code',
] as const;
/** A code rule's module: a plain file name in the code rules directory, so a record cannot point anywhere else. */
export const MODULE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.ts$/;
/** Types the rule format names that this build does not evaluate yet: refused with a clear message. */
const LATER_TYPES: string[] = [];

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_WINDOW_MS = 7 * UNIT_MS.d;

/** "30s" / "2m" / "1h" / "1d" → milliseconds, or null. */
export function durationMs(s: string): number | null {
  const m = /^(\d{1,6})(s|m|h|d)$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const duration = z
  .string()
  .refine((s) => durationMs(s) !== null, 'must be a duration like "30s", "2m", "1h" or "1d"')
  .refine((s) => (durationMs(s) ?? 0) >= 1000 && (durationMs(s) ?? 0) <= MAX_WINDOW_MS, 'must be between 1s and 7d');

const query = z
  .string()
  .max(MAX_QUERY_LENGTH)
  .superRefine((q, ctx) => {
    try {
      parseQuery(q);
    } catch (err) {
      if (!(err instanceof QuerySyntaxError)) throw err;
      ctx.addIssue({ code: 'custom', message: `invalid query: ${err.message}` });
    }
  });

const field = z
  .string()
  .min(1)
  .max(200)
  .superRefine((f, ctx) => {
    const n = normalizeField(f);
    if ('error' in n || f === 'id')
      ctx.addIssue({ code: 'custom', message: 'error' in n ? n.error : `cannot group by "${f}"` });
  });

const severity = z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(SEVERITIES));

/** MozDef's alert actions: what a rule does when it raises an alert (run by alert-actions.ts). */
const alertAction = z.discriminatedUnion('type', [
  // Block the alert's source IPs (details.sourceipaddress of its events) on the IP block list.
  z.strictObject({ type: z.literal('blockSourceIp'), hours: z.number().int().min(1).max(MAX_BLOCK_HOURS) }),
]);
export type AlertAction = z.infer<typeof alertAction>;

const base = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  query: query.default('*'),
  groupBy: z.array(field).max(5).default([]),
  severity: severity.default('NOTICE'),
  category: z.string().trim().min(1).max(100),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  /** Template: {count}, {distinct}, {hostnames}, {values:field}, {list:field}, {top:field}, {count:field}, {field.path} (from the first event), {rule}; alternatives and filters (|default:TEXT …) see summary-template.ts. */
  summary: z
    .string()
    .min(1)
    .max(1000)
    .superRefine((t, ctx) => {
      const problem = checkSummaryTemplate(t);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  enabled: z.boolean().default(true),
  /** Why a shipped rule is off (e.g. it reads a source Picket cannot see yet); shown next to the rule. */
  disabledReason: z.string().trim().min(1).max(500).optional(),
  /** Quiet period per group key after an alert: matches in it raise nothing. */
  suppress: duration.optional(),
  /** Notification channel ids: each alert of the rule is sent once to each (server/alerts/notify). */
  notify: z.array(z.uuid()).max(20).optional(),
  actions: z.array(alertAction).max(5).optional(),
};

const threshold = z.number().int().min(1).max(10_000);

/** Absorbing crossings in open alerts: defaults, and the bound on events one alert holds. */
export const GROUPING_DEFAULTS = { renotifyAfter: '24h', maxEvents: 10_000 } as const;
export const MAX_GROUPED_EVENTS = 100_000;

/**
 * Threshold and cardinality rules: a crossing for a group key whose alert is still open (new or
 * acknowledged) is counted into that alert instead of raising a new one (alert-writer.ts). A new
 * alert starts, and notifies, once the open one is `renotifyAfter` old or would hold more than
 * `maxEvents` events.
 */
const grouping = z.strictObject({
  enabled: z.boolean().default(true),
  renotifyAfter: duration.default(GROUPING_DEFAULTS.renotifyAfter),
  maxEvents: z.number().int().min(1).max(MAX_GROUPED_EVENTS).default(GROUPING_DEFAULTS.maxEvents),
});
export type Grouping = z.infer<typeof grouping>;
/** Sigma rules take their query and grouping from the YAML. */
const { query: _q, groupBy: _g, ...sigmaBase } = base;

export const ruleDefinitionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('match'), ...base }),
  z.strictObject({ type: z.literal('threshold'), ...base, threshold, window: duration, grouping: grouping.optional() }),
  z.strictObject({
    type: z.literal('cardinality'),
    ...base,
    distinct: field,
    threshold,
    window: duration,
    grouping: grouping.optional(),
  }),
  z.strictObject({
    type: z.literal('sequence'),
    ...base,
    steps: z.array(z.strictObject({ query })).min(2).max(10),
    window: duration,
  }),
  z.strictObject({ type: z.literal('deadman'), ...base, window: duration }),
  // Events the ingest matcher tagged `watchlist` (and the rule's query, default all of them); one
  // alert per event, grouped by the item hit (details.watchlistvalue) so suppress quiets one item.
  z.strictObject({
    type: z.literal('watchlist'),
    ...base,
    groupBy: z.array(field).max(5).default(['details.watchlistvalue']),
  }),
  // Sigma: name, severity, tags, description come from the YAML unless given (see sigma-defaults.ts).
  z.strictObject({ type: z.literal('sigma'), ...sigmaBase, yaml: sigmaYaml }),
  // Code: query, groupBy, window and the logic live in the module (server/alerts/code-rules); name,
  // severity, category, tags and summary are filled from it when saved unless given.
  z.strictObject({
    type: z.literal('code'),
    ...sigmaBase,
    module: z
      .string()
      .regex(MODULE_NAME, 'must be a file name ending in .ts in the code rules directory (no directories)'),
  }),
]);

export type RuleDefinition = z.infer<typeof ruleDefinitionSchema>;
export type RuleType = RuleDefinition['type'];

/** Keys a client may send back from a GET (the stored record's metadata); they are not part of the rule. */
const RECORD_KEYS = [
  'id',
  'version',
  'owner',
  'createdAt',
  'updatedAt',
  'catalogueKey',
  'hits',
  'lastFiredAt',
  'exceptions',
  'moduleSource',
];

export type ParseResult = { ok: true; rule: RuleDefinition } | { ok: false; message: string };

/** Validates rule JSON; messages name the field ("threshold: Too small: expected number to be >=1"). */
export function parseRuleDefinition(input: unknown): ParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, message: 'a rule is a JSON object' };
  const raw: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const k of RECORD_KEYS) delete raw[k];
  if (typeof raw.type === 'string' && LATER_TYPES.includes(raw.type)) {
    return {
      ok: false,
      message: `rule type "${raw.type}" is not supported yet (supported: ${SUPPORTED_TYPES.join(', ')})`,
    };
  }
  if (typeof raw.type !== 'string' || !(SUPPORTED_TYPES as readonly string[]).includes(raw.type)) {
    return { ok: false, message: `type: must be one of ${SUPPORTED_TYPES.join(', ')}` };
  }
  if (raw.type === 'sigma') {
    const filled = sigmaDefaults(raw);
    if ('error' in filled) return { ok: false, message: filled.error };
    Object.assign(raw, filled.fields);
  }
  const r = ruleDefinitionSchema.safeParse(raw);
  if (!r.success)
    return {
      ok: false,
      message: r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
    };
  return { ok: true, rule: r.data };
}

/** How the rule groups repeated crossings, or null when each crossing raises its own alert (MozDef). */
export function groupingOf(rule: RuleDefinition): Grouping | null {
  return 'grouping' in rule && rule.grouping?.enabled ? rule.grouping : null;
}

/** The rule's window in ms (0 for match rules; code rules take theirs from the module). */
export function windowMs(rule: RuleDefinition): number {
  return 'window' in rule ? durationMs(rule.window)! : 0;
}
