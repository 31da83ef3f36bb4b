import { z } from 'zod';
import { SORT_FIELDS } from '../../../store/event-store.ts';

/** Longer than the parser's limit on purpose: the parser then reports the length with a position. */
export const queryText = z.string().max(20_000).default('');
/** ISO, epoch millis, or date math (`now-15m`, `now/d`); blank = default (last 24 h … now). */
export const timeText = z.string().max(100).optional();
/** A field as typed in a query: a column or a details path. */
export const fieldName = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[A-Za-z0-9_@.-]+$/, 'field may contain letters, digits, _ @ . -');

const range = { q: queryText, from: timeText, to: timeText };

export const searchInput = z.object({
  ...range,
  size: z.number().int().min(1).max(5000).default(100),
  sort: z
    .object({ field: z.enum(SORT_FIELDS), order: z.enum(['asc', 'desc']) })
    .default({ field: 'utctimestamp', order: 'desc' }),
  /** nextCursor of the previous page (keyset pagination: stable while new events arrive). */
  cursor: z.string().max(2000).optional(),
  /**
   * The table's columns: when given, each event carries only id, utctimestamp and these fields
   * (details pruned to the listed paths), which keeps pages of thousands of rows small. Omit for
   * whole events.
   */
  columns: z.array(fieldName).max(50).optional(),
});

export const aggregateInput = z.object({
  ...range,
  field: fieldName,
  size: z.number().int().min(1).max(100).default(10),
});

export const histogramInput = z.object({
  ...range,
  /** `auto` (60–120 buckets over the range) or e.g. `30s`, `5m`, `1h`. */
  interval: z.string().max(20).default('auto'),
});

export const getInput = z.object({ id: z.string().uuid('id must be an event id (UUID)') });

export const fieldsInput = z.object({
  /** Only fields whose name starts with this (case-insensitive): what the user has typed so far. */
  prefix: z.string().max(500).default(''),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const fieldTopValuesInput = z.object({
  ...range,
  field: fieldName,
  size: z.number().int().min(1).max(50).default(5),
  /** Like Discover's sidebar: values of the newest N matches. `exact: true` counts all matches (slower). */
  sample: z.number().int().min(100).max(100_000).default(5000),
  exact: z.boolean().default(false),
});

export const validateQueryInput = z.object({ q: z.string().max(20_000) });

export const tailInput = z.object({
  q: queryText,
  /** Per batch; batches come at most every intervalMs, so this caps events/s per browser. */
  maxBatch: z.number().int().min(1).max(1000).optional(),
  intervalMs: z.number().int().min(50).max(5000).optional(),
  /** How many undelivered events may wait; beyond it the oldest are dropped and counted. */
  bufferSize: z.number().int().min(10).max(20_000).optional(),
});
