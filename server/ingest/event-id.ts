import { randomFillSync } from 'node:crypto';

// UUIDv7 (RFC 9562) whose timestamp is the event time, not the ingest time: the events table is
// partitioned and indexed on utctimestamp, so the id alone tells the store where to look.

const MAX_MS = 2 ** 48 - 1;
const RANDOM_BYTES = 10; // 74 random bits used (12 rand_a + 62 rand_b), 80 drawn
// One randomFillSync per ~1600 ids: the syscall, not the formatting, dominates per-call cost.
const POOL_SIZE = RANDOM_BYTES * 1600;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const NIBBLE = '0123456789abcdef';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A new UUIDv7 carrying utcMillis (clamped to 0..2^48-1, NaN → 0) in its first 48 bits. */
export function eventId(utcMillis: number): string {
  let ms = Math.floor(utcMillis);
  if (!(ms >= 0)) ms = 0;
  else if (ms > MAX_MS) ms = MAX_MS;
  if (poolOffset + RANDOM_BYTES > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const o = poolOffset;
  poolOffset += RANDOM_BYTES;
  const hi = Math.floor(ms / 65536); // top 32 of the 48 bits
  const lo = ms % 65536;
  const p = pool;
  return (
    HEX[hi >>> 24] +
    HEX[(hi >>> 16) & 255] +
    HEX[(hi >>> 8) & 255] +
    HEX[hi & 255] +
    '-' +
    HEX[lo >>> 8] +
    HEX[lo & 255] +
    '-7' +
    NIBBLE[p[o] & 15] +
    HEX[p[o + 1]] +
    '-' +
    HEX[(p[o + 2] & 0x3f) | 0x80] + // variant 10xx
    HEX[p[o + 3]] +
    '-' +
    HEX[p[o + 4]] +
    HEX[p[o + 5]] +
    HEX[p[o + 6]] +
    HEX[p[o + 7]] +
    HEX[p[o + 8]] +
    HEX[p[o + 9]]
  );
}

/** The event time (ms) encoded in a UUIDv7, or undefined when id is not a v7 UUID. */
export function eventIdTime(id: string): number | undefined {
  if (id.length !== 36 || !V7.test(id)) return undefined;
  return parseInt(id.slice(0, 8), 16) * 65536 + parseInt(id.slice(9, 13), 16);
}

/**
 * The same id with its time part moved to utcMillis: a plugin that sets the event's real time (a Zeek
 * `ts`, a Squid start time) keeps the id's random part, so the id still says where the event is filed
 * and stays the same if the batch is enriched again.
 */
export function retimeEventId(id: string, utcMillis: number): string {
  if (id.length !== 36 || !V7.test(id)) return id;
  let ms = Math.floor(utcMillis);
  if (!(ms >= 0)) ms = 0;
  else if (ms > MAX_MS) ms = MAX_MS;
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}${id.slice(13)}`;
}
