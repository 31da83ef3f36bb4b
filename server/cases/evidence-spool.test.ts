import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { EvidenceFiles } from './evidence-files.ts';

// What a crash mid-upload leaves in the spool dir is removed at the next start; a fresh upload
// (another process on the same data dir) and unrelated files are kept.
it('removes only abandoned evidence spool files', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-spool-'));
  const old = path.join(dir, 'evidence-0b8f6c1e-5d0e-4a55-9d4c-1f2e3d4c5b6a.part');
  const fresh = path.join(dir, 'evidence-7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f.part');
  const other = path.join(dir, 'notes.txt');
  for (const f of [old, fresh, other]) await fs.writeFile(f, 'x');
  const hourAgo = new Date(Date.now() - 3_600_000);
  await fs.utimes(old, hourAgo, hourAgo);
  await fs.utimes(other, hourAgo, hourAgo);
  // Only the spool directory and the age rule matter here; nothing touches the database.
  const files = new EvidenceFiles({
    uploadDir: dir,
    maxBytes: 1024,
    db: undefined as never,
    writer: undefined as never,
  });
  expect(await files.removeAbandonedSpools()).toBe(1);
  expect((await fs.readdir(dir)).sort()).toEqual([path.basename(fresh), 'notes.txt'].sort());
  // A missing spool dir (nothing ever uploaded) is not an error.
  const none = new EvidenceFiles({
    uploadDir: path.join(dir, 'absent'),
    maxBytes: 1024,
    db: undefined as never,
    writer: undefined as never,
  });
  expect(await none.removeAbandonedSpools()).toBe(0);
  await fs.rm(dir, { recursive: true, force: true });
});
