import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import { AppError } from '../errors/app-error.ts';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Reads a request body up to the limit (after decompression too); 413 past it, 415 for unknown encodings. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .toLowerCase()
    .trim();
  if (encoding === 'identity' || encoding === '') return raw;
  // Fluent Bit and Vector compress by default; cap the inflated size so a zip bomb is a 413, not an OOM.
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(raw, { maxOutputLength: limit });
    if (encoding === 'deflate') return zlib.inflateSync(raw, { maxOutputLength: limit });
    if (encoding === 'br') return zlib.brotliDecompressSync(raw, { maxOutputLength: limit });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
    throw new AppError('bad_request', `body could not be decompressed (${encoding})`);
  }
  throw new AppError('unsupported_encoding', `Content-Encoding ${encoding} is not supported (use gzip, deflate or br)`);
}

function tooLarge(limit: number): AppError {
  return new AppError(
    'payload_too_large',
    `request body exceeds ${limit / 1024 / 1024} MiB; split it into smaller batches`,
  );
}
