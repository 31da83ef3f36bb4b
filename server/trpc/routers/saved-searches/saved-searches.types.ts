import { z } from 'zod';
import { fieldName } from '../events/events.types.ts';

const time = z.string().trim().min(1).max(100);

export const savedSearchFields = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  /** Lucene; checked to parse (a syntax error is BAD_REQUEST with its position). */
  query: z.string().max(10_000).default(''),
  /** Relative (now-24h) or absolute (ISO): stored as given, so relative ranges stay relative. */
  timeFrom: time.default('now-24h'),
  timeTo: time.default('now'),
  columns: z.array(fieldName).max(50).default([]),
  shared: z.boolean().default(false),
  pinned: z.boolean().default(false),
});

export const listInput = z.object({ pinnedOnly: z.boolean().default(false) }).default({ pinnedOnly: false });

export const createInput = savedSearchFields;

const idAndVersion = { id: z.string().uuid(), version: z.number().int().min(1) };

export const updateInput = z.object({
  ...idAndVersion,
  name: savedSearchFields.shape.name.optional(),
  query: z.string().max(10_000).optional(),
  timeFrom: time.optional(),
  timeTo: time.optional(),
  columns: z.array(fieldName).max(50).optional(),
  shared: z.boolean().optional(),
  pinned: z.boolean().optional(),
});

export const deleteInput = z.object(idAndVersion);

export const pinInput = z.object({ ...idAndVersion, pinned: z.boolean() });
