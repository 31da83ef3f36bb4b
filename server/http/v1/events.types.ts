import { z } from 'zod';
import { SORT_FIELDS } from '../../store/event-store.ts';

const q = z.string().max(10_000, 'q is longer than 10000 characters').default('');
const time = z.string().max(100).optional();

export const searchQuery = z.object({
  q,
  from: time,
  to: time,
  size: z.coerce.number().int().min(0).max(10_000).default(50),
  sort: z
    .string()
    .default('utctimestamp:desc')
    .transform((s, ctx) => {
      const [field, order = 'desc'] = s.split(':');
      if (!(SORT_FIELDS as readonly string[]).includes(field) || (order !== 'asc' && order !== 'desc')) {
        ctx.addIssue({ code: 'custom', message: `sort must be <field>:asc|desc with field one of ${SORT_FIELDS.join(', ')}` });
        return z.NEVER;
      }
      return { field: field as (typeof SORT_FIELDS)[number], order: order as 'asc' | 'desc' };
    }),
  cursor: z.string().max(2000).optional(),
});

export const aggregateQuery = z.object({
  q,
  from: time,
  to: time,
  field: z.string().min(1, 'field is required').max(500).regex(/^[A-Za-z0-9_@.-]+$/, 'field may contain letters, digits, _ @ . -'),
  size: z.coerce.number().int().min(1).max(1000).default(10),
});

export const histogramQuery = z.object({
  q,
  from: time,
  to: time,
  interval: z.string().max(20).default('auto'),
});

