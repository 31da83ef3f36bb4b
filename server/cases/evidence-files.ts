// Streamed evidence files (POST …/evidence/files): the body goes to a temporary file in the data dir
// while its sha256 and size are computed, so a slow or oversized upload never holds a database
// connection or a case lock, and an upload over the limit is refused with nothing kept. Once
// complete it is copied into Postgres in 1 MiB chunks in the same transaction as the evidence row
// and its audit entry (same guarantees as the small inline files: backups, scale-out).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { caseEvidence } from '../../db/schema.ts';
import type { Db } from '../db/drizzle.ts';
import { CaseError, type CaseKind, type EvidenceRecord } from './case-model.ts';
import { evidenceColumns, readCase } from './case-read.ts';
import { type Actor, actorLabel, type CaseWriter } from './case-writer.ts';

export const CHUNK_BYTES = 1024 * 1024;

export interface EvidenceFileMeta {
  fileName: string;
  contentType: string;
  title?: string;
  description?: string;
}

export interface EvidenceFileDeps {
  db: Db;
  writer: CaseWriter;
  /** Where uploads are spooled while they arrive (created on demand). */
  uploadDir: string;
  maxBytes: number;
}

/** What was received: where it is spooled, how big, and its sha256. */
interface Spooled {
  file: string;
  size: number;
  sha256: string;
}

export class EvidenceFiles {
  constructor(private readonly deps: EvidenceFileDeps) {}

  /**
   * Streams `body` into a new file evidence of the case. `declaredBytes` (Content-Length) over the
   * limit is refused before anything is read; a body that grows past it is refused as it does.
   */
  async add(
    caseId: string,
    kind: CaseKind | undefined,
    meta: EvidenceFileMeta,
    body: AsyncIterable<Uint8Array>,
    declaredBytes: number | undefined,
    actor: Actor,
  ): Promise<EvidenceRecord> {
    // Unknown case: answer before receiving megabytes.
    await readCase(this.deps.db, caseId, kind);
    if (declaredBytes !== undefined && declaredBytes > this.deps.maxBytes)
      throw this.tooLarge(`is ${declaredBytes} bytes`);
    const spooled = await this.spool(body);
    try {
      if (spooled.size === 0) throw new CaseError('bad_request', 'the file is empty');
      return await this.store(caseId, kind, meta, spooled, actor);
    } finally {
      await fs.rm(spooled.file, { force: true });
    }
  }

  /**
   * Removes spool files a crashed process left behind. Run at start; only files older than
   * `olderThanMs` go, so an upload another process sharing the data dir is receiving is kept (the
   * server's request timeout is 120 s). Returns how many were removed.
   */
  async removeAbandonedSpools(olderThanMs = 10 * 60_000): Promise<number> {
    const names = await fs.readdir(this.deps.uploadDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names.filter((n) => /^evidence-[0-9a-f-]{36}\.part$/.test(n))) {
      const file = path.join(this.deps.uploadDir, name);
      const st = await fs.stat(file).catch(() => null);
      if (st && Date.now() - st.mtimeMs > olderThanMs) {
        await fs.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private tooLarge(what: string): CaseError {
    return new CaseError(
      'payload_too_large',
      `the file ${what}; the limit is ${this.deps.maxBytes} bytes (PICKET_EVIDENCE_MAX_BYTES)`,
    );
  }

  private async spool(body: AsyncIterable<Uint8Array>): Promise<Spooled> {
    await fs.mkdir(this.deps.uploadDir, { recursive: true });
    const file = path.join(this.deps.uploadDir, `evidence-${crypto.randomUUID()}.part`);
    const fh = await fs.open(file, 'wx', 0o600);
    const hash = crypto.createHash('sha256');
    let size = 0;
    let writing = false;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > this.deps.maxBytes) throw this.tooLarge(`is over ${this.deps.maxBytes} bytes`);
        hash.update(chunk);
        writing = true;
        await fh.write(chunk);
        writing = false;
      }
    } catch (err) {
      await fh.close().catch(() => undefined);
      await fs.rm(file, { force: true });
      // The client went away mid-body: its problem, not a server error (disk errors stay errors).
      if (!(err instanceof CaseError) && !writing)
        throw new CaseError('bad_request', 'the upload was interrupted before the end of the file');
      throw err;
    }
    await fh.close();
    return { file, size, sha256: hash.digest('hex') };
  }

  private store(
    caseId: string,
    kind: CaseKind | undefined,
    meta: EvidenceFileMeta,
    spooled: Spooled,
    actor: Actor,
  ): Promise<EvidenceRecord> {
    return this.deps.writer.change(caseId, kind, actor, async (tx, _row, next) => {
      const [{ id }] = await tx
        .insert(caseEvidence)
        .values({
          caseId,
          caseVersion: next,
          kind: 'file',
          title: meta.title ?? meta.fileName,
          description: meta.description ?? '',
          fileName: meta.fileName,
          contentType: meta.contentType,
          sizeBytes: spooled.size,
          sha256: spooled.sha256,
          addedBy: actorLabel(actor),
        })
        .returning({ id: caseEvidence.id });
      const fh = await fs.open(spooled.file, 'r');
      try {
        const buf = Buffer.alloc(CHUNK_BYTES);
        for (let seq = 0; ; seq++) {
          const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
          if (bytesRead === 0) break;
          await tx.execute(
            sql`INSERT INTO case_evidence_chunks (evidence_id, seq, data) VALUES (${id}, ${seq}, ${buf.subarray(0, bytesRead)})`,
          );
        }
      } finally {
        await fh.close();
      }
      const [evidence] = await tx.select(evidenceColumns).from(caseEvidence).where(eq(caseEvidence.id, id));
      const { eventSnapshot: _s, textContent: _t, ...custody } = evidence;
      return {
        result: evidence,
        action: 'evidence.add',
        diff: { evidence: [null, { ...custody, upload: 'streamed' }] },
      };
    });
  }
}

/** The chunks of a streamed file in order, one query per chunk (never the whole file in memory). */
export async function* readChunks(db: Db, evidenceId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const { rows } = await db.execute<{ data: Buffer }>(
      sql`SELECT data FROM case_evidence_chunks WHERE evidence_id = ${evidenceId} AND seq = ${seq}`,
    );
    if (!rows.length) return;
    yield rows[0].data;
  }
}
