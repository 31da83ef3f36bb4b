import { z } from 'zod';
import { EXPORT_MAX_ROWS } from '../../store/event-export.ts';
import { SORT_FIELDS } from '../../store/event-store.ts';

const q = z.string().max(10_000, 'q is longer than 10000 characters').default('');
const time = z.string().max(100).optional();

const sort = z
  .string()
  .default('utctimestamp:desc')
  .transform((s, ctx) => {
    const [field, order = 'desc'] = s.split(':');
    if (!(SORT_FIELDS as readonly string[]).includes(field) || (order !== 'asc' && order !== 'desc')) {
      ctx.addIssue({
        code: 'custom',
        message: `sort must be <field>:asc|desc with field one of ${SORT_FIELDS.join(', ')}`,
      });
      return z.NEVER;
    }
    return { field: field as (typeof SORT_FIELDS)[number], order: order as 'asc' | 'desc' };
  });

export const searchQuery = z.object({
  q,
  from: time,
  to: time,
  size: z.coerce.number().int().min(0).max(10_000).default(50),
  sort,
  cursor: z.string().max(2000).optional(),
});

export const aggregateQuery = z.object({
  q,
  from: time,
  to: time,
  field: z
    .string()
    .min(1, 'field is required')
    .max(500)
    .regex(/^[A-Za-z0-9_@.-]+$/, 'field may contain letters, digits, _ @ . -'),
  size: z.coerce.number().int().min(1).max(1000).default(10),
});

export const histogramQuery = z.object({
  q,
  from: time,
  to: time,
  interval: z.string().max(20).default('auto'),
});

/** The explorer's default table columns, used when an export names none. */
export const DEFAULT_EXPORT_COLUMNS = ['category', 'hostname', 'summary'];

export const exportQuery = z.object({
  q,
  from: time,
  to: time,
  format: z.enum(['csv', 'ndjson']),
  /** Comma-separated field names, as the explorer's cols parameter (utctimestamp always comes first). */
  columns: z
    .string()
    .max(5000)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return DEFAULT_EXPORT_COLUMNS;
      const cols = s
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      if (cols.length > 50 || cols.some((c) => !/^[A-Za-z0-9_@.-]{1,500}$/.test(c))) {
        ctx.addIssue({
          code: 'custom',
          message: 'columns must be up to 50 comma-separated field names (letters, digits, _ @ . -)',
        });
        return z.NEVER;
      }
      return cols;
    }),
  sort,
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(EXPORT_MAX_ROWS, `limit is at most ${EXPORT_MAX_ROWS} rows`)
    .default(EXPORT_MAX_ROWS),
});
