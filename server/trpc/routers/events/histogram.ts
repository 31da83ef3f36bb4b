import { autoInterval, formatInterval } from '../../../store/histogram-interval.ts';
import { permission } from '../../init.ts';
import { histogramInput } from './events.types.ts';
import { parseQ, parseRange } from './query-input.ts';
import { AppError } from '../../../errors/app-error.ts';

const MAX_BUCKETS = 2000;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

function intervalMs(text: string, spanMs: number): number {
  if (text === 'auto') return autoInterval(spanMs);
  const m = /^(\d{1,6})(s|m|h|d|w)$/.exec(text);
  if (!m) throw new AppError('bad_request', 'interval must be auto or a number with a unit (s, m, h, d, w), e.g. 5m');
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  if (ms < 1000) throw new AppError('bad_request', 'interval must be at least 1s');
  if (spanMs / ms > MAX_BUCKETS)
    throw new AppError('bad_request', `interval ${text} gives more than ${MAX_BUCKETS} buckets for this range`);
  return ms;
}

/** Matches over time; `auto` picks a round interval giving 60–120 buckets for the range. */
export const histogramProcedure = permission('events:read')
  .input(histogramInput)
  .query(async ({ ctx, input }) => {
    const query = parseQ(input.q);
    const { from, to } = parseRange(input.from, input.to);
    const ms = intervalMs(input.interval, to.getTime() - from.getTime());
    const buckets = await ctx.services.explorer.store.histogram({ query, from, to, intervalMs: ms });
    return { interval: formatInterval(ms), intervalMs: ms, from: from.toISOString(), to: to.toISOString(), buckets };
  });
