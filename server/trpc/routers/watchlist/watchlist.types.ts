import { z } from 'zod';

export const listName = z.enum(['watchlist', 'blockip', 'blockfqdn']);
export const listInput = z.object({ list: listName.default('watchlist'), all: z.boolean().default(false) });
/** The item itself is validated by the service (messages name the field). */
export const createInput = z.object({ list: listName.default('watchlist'), item: z.record(z.string(), z.unknown()) });
export const removeInput = z.object({ id: z.uuid(), version: z.number().int().min(1).optional() });
