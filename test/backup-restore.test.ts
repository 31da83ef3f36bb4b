// Backup and restore as docs/operations.md tells an operator to do it: the shell blocks marked
// run-by in that file are read out of it and run here as written, against a real Picket, then a
// second Picket starts on the restored copy and must serve the events and the case stored before.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markedBlock } from './markdown-reader.ts';
import { startPicketProcess, stopChild } from './picket-process.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

const run = promisify(execFile);
const OPERATIONS = path.resolve(import.meta.dirname, '../docs/operations.md');
const TOKEN = `pkt_backup_${crypto.randomBytes(12).toString('hex')}`;
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

/** Runs the documented block in `cwd` with `env`, failing on the first failing command. */
async function runDocumented(name: string, cwd: string, env: Record<string, string>): Promise<void> {
  const script = markedBlock(await fs.readFile(OPERATIONS, 'utf8'), name);
  await run('sh', ['-e', '-c', script], {
    cwd,
    env: { NODE_ENV: 'production', PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

/** Stores an event and opens a case carrying `marker`, through the public API. */
async function seed(url: string, marker: string): Promise<string> {
  const ingest = await fetch(`${url}/events`, {
    method: 'POST',
    body: JSON.stringify({ summary: `backup check ${marker}`, tags: [marker], hostname: 'backup-host' }),
  });
  expect(await ingest.json()).toEqual({ accepted: 1, rejected: [] });
  const created = await fetch(`${url}/api/v1/incidents`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ summary: `restored case ${marker}`, severity: 'high' }),
  });
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/** What a restored instance must still answer: the event by search, the case by id. */
async function expectSeeded(url: string, marker: string, caseId: string): Promise<void> {
  const found = await (await fetch(`${url}/api/v1/events?q=tags:${marker}&from=now-1d`, { headers: auth })).json();
  expect(found.events.map((e: { summary: string }) => e.summary)).toEqual([`backup check ${marker}`]);
  const restored = await fetch(`${url}/api/v1/incidents/${caseId}`, { headers: auth });
  expect(restored.status).toBe(200);
  expect((await restored.json()).summary).toBe(`restored case ${marker}`);
}

describe('backup and restore, with the commands of docs/operations.md', () => {
  let work: string;
  beforeAll(async () => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-backup-'));
  });
  afterAll(() => fs.rm(work, { recursive: true, force: true }));

  it('embedded: a stopped data dir archived with tar and unpacked elsewhere serves its events and cases', async () => {
    const dataDir = path.join(work, 'embedded');
    const newDataDir = path.join(work, 'embedded-restored');
    const marker = `emb${crypto.randomBytes(4).toString('hex')}`;
    const first = await startPicketProcess({ PICKET_DATA_DIR: dataDir, PICKET_ADMIN_TOKEN: TOKEN });
    let caseId: string;
    try {
      caseId = await seed(first.url, marker);
    } finally {
      await stopChild(first.child);
    }
    expect(first.child.exitCode).toBe(0);

    await runDocumented('backup-embedded', work, { PICKET_DATA_DIR: dataDir });
    // The original is gone: only the archive can bring the data back.
    await fs.rm(dataDir, { recursive: true, force: true });
    await runDocumented('restore-embedded', work, { NEW_DATA_DIR: newDataDir });

    const second = await startPicketProcess({ PICKET_DATA_DIR: newDataDir, PICKET_ADMIN_TOKEN: TOKEN });
    try {
      await expectSeeded(second.url, marker, caseId);
      // The generated first admin password came along with the data dir.
      expect((await fs.readFile(path.join(newDataDir, 'admin-password'), 'utf8')).trim()).toMatch(
        /^admin@localhost\n\S+$/,
      );
    } finally {
      await stopChild(second.child);
    }
  }, 300_000);

  describe('external Postgres', () => {
    let db: TestDatabase;
    let skip: string | undefined;
    beforeAll(async () => {
      db = await createTestDatabase({ migrate: false });
      const server = Number(
        (await db.pool.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v,
      );
      const client = await run('pg_dump', ['--version']).then(
        (r) => Number(/(\d+)\.\d+/.exec(r.stdout)?.[1] ?? 0),
        () => 0,
      );
      if (client === 0) skip = 'no pg_dump on PATH';
      else if (client * 10_000 < Math.floor(server / 10_000) * 10_000)
        skip = `pg_dump ${client} is older than the server (${server})`;
    });
    afterAll(() => db?.drop());

    it('pg_dump of a running instance restored into a new database serves its events and cases', async (ctx) => {
      if (skip) {
        console.warn(`skipped: ${skip}`);
        ctx.skip();
      }
      const newDb = `picket_restored_${crypto.randomBytes(5).toString('hex')}`;
      const newUrl = Object.assign(new URL(db.url), { pathname: `/${newDb}` }).toString();
      const marker = `ext${crypto.randomBytes(4).toString('hex')}`;
      const env = { PICKET_ADMIN_TOKEN: TOKEN };
      const first = await startPicketProcess({
        ...env,
        DATABASE_URL: db.url,
        PICKET_DATA_DIR: path.join(work, 'external'),
      });
      let caseId: string;
      try {
        caseId = await seed(first.url, marker);
        // Hot: dumped while the instance runs.
        await runDocumented('backup-external', work, { DATABASE_URL: db.url });
      } finally {
        await stopChild(first.child);
      }
      await runDocumented('restore-external', work, { DATABASE_URL: db.url, NEW_DB: newDb, NEW_DATABASE_URL: newUrl });

      const second = await startPicketProcess({
        ...env,
        DATABASE_URL: newUrl,
        PICKET_DATA_DIR: path.join(work, 'external-restored'),
      });
      try {
        await expectSeeded(second.url, marker, caseId);
      } finally {
        await stopChild(second.child);
        const admin = new pg.Client({ connectionString: db.url });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${newDb} WITH (FORCE)`);
        await admin.end();
      }
    }, 300_000);
  });
});
