import { permission } from '../../init.ts';
import { fieldsInput } from './events.types.ts';

/**
 * Field names for autocomplete and the sidebar: the columns plus every details path seen in a
 * sample of recent events (type, share of events carrying it). Cached ~60 s server-wide.
 */
export const fieldsProcedure = permission('events:read')
  .input(fieldsInput)
  .query(async ({ ctx, input }) => {
    const catalog = await ctx.services.explorer.fields.get();
    const prefix = input.prefix.toLowerCase();
    // Typing `sourceip` should find details.sourceipaddress: bare names are details paths in queries too.
    const matches = catalog.fields.filter(
      (f) => !prefix || f.name.toLowerCase().startsWith(prefix) || f.name.toLowerCase().startsWith(`details.${prefix}`),
    );
    return {
      fields: matches.slice(0, input.limit),
      truncated: matches.length > input.limit,
      sampled: catalog.sampled,
      computedAt: catalog.computedAt,
    };
  });
