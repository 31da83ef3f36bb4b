// The room's additions against a real server and Postgres: streamed evidence uploads (limit, sha256,
// permission, bad input, nothing left behind) and one-click IOC → watchlist / block list actions.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../server/realtime/bus.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { tokenFor, trpcError, trpcHttp } from './trpc-http-client.ts';

const LIMIT = 4 * 1024 * 1024;
let s: TestServer;
let analyst: string;
let viewer: string;
beforeAll(async () => {
  s = await startTestServer({ PICKET_EVIDENCE_MAX_BYTES: String(LIMIT) });
  analyst = await tokenFor(s.url, s.adminToken, 'analyst', 'soar');
  viewer = await tokenFor(s.url, s.adminToken, 'viewer', 'reader');
});
afterAll(() => s?.stop());

async function api(method: string, p: string, body?: unknown, token = analyst) {
  const res = await fetch(`${s.url}/api/v1${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: /^[[{]/.test(text) ? JSON.parse(text) : null };
}

function upload(
  caseId: string,
  bytes: Buffer | AsyncIterable<Uint8Array>,
  headers: Record<string, string> = {},
  query = '',
  kind = 'incidents',
  token = analyst,
) {
  return fetch(`${s.url}/api/v1/${kind}/${caseId}/evidence/files${query}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'X-Filename': encodeURIComponent('capture ü.pcap'),
      'Content-Type': 'application/vnd.tcpdump.pcap',
      ...headers,
    },
    body: bytes as BodyInit,
    duplex: 'half',
  } as RequestInit).then(async (r) => ({ status: r.status, body: await r.json() }));
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const spooled = async () => (await fs.readdir(path.join(s.dataDir, 'uploads')).catch(() => [])).length;

describe('streamed evidence upload', () => {
  it('stores a multi-megabyte file with its sha256, audits, publishes, and downloads it intact', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'upload target' })).body;
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const seen: Change[] = [];
    const unsubscribe = s.picket.bus.subscribe('incidents', (c) => seen.push(c));
    const r = await upload(inc.id, bytes, {}, '?title=Edge%20capture');
    unsubscribe();
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'file',
      fileName: 'capture ü.pcap',
      title: 'Edge capture',
      contentType: 'application/vnd.tcpdump.pcap',
      sizeBytes: bytes.length,
      sha256: sha256(bytes),
      addedBy: 'token:soar',
    });
    expect(seen.some((c) => c.id === inc.id && c.version === 2)).toBe(true);
    const { rows } = await s.db.pool.query('SELECT action, diff FROM audit_log WHERE target_id = $1 ORDER BY id', [
      inc.id,
    ]);
    expect(rows.at(-1)).toMatchObject({
      action: 'incident.evidence.add',
      diff: { evidence: [null, expect.objectContaining({ sha256: sha256(bytes), sizeBytes: bytes.length })] },
    });
    const chunks = await s.db.pool.query('SELECT count(*)::int AS n FROM case_evidence_chunks WHERE evidence_id = $1', [
      r.body.id,
    ]);
    expect(chunks.rows[0].n).toBe(4);
    expect(await spooled()).toBe(0);

    const dl = await fetch(`${s.url}/api/v1/incidents/${inc.id}/evidence/${r.body.id}/content`, {
      headers: { Authorization: `Bearer ${viewer}` },
    });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(dl.headers.get('content-length')).toBe(String(bytes.length));
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-disposition')).toMatch(
      /^attachment; filename="capture _.pcap"; filename\*=UTF-8''capture%20%C3%BC\.pcap/,
    );
    const got = Buffer.from(await dl.arrayBuffer());
    expect(sha256(got)).toBe(sha256(bytes));
    expect((await api('GET', `/incidents/${inc.id}`)).body.evidence).toHaveLength(1);
  });

  it('works for investigations, takes ?name=, and leaves inline (JSON) files readable as before', async () => {
    const inv = (await api('POST', '/investigations', { summary: 'inv upload' })).body;
    const bytes = Buffer.from('small file\n');
    const r = await upload(inv.id, bytes, { 'X-Filename': '' }, '?name=notes.txt', 'investigations');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ fileName: 'notes.txt', sizeBytes: bytes.length });
    const inline = await api('POST', `/investigations/${inv.id}/evidence`, {
      kind: 'file',
      fileName: 'old.bin',
      contentBase64: Buffer.from('inline').toString('base64'),
    });
    const dl = await fetch(`${s.url}/api/v1/investigations/${inv.id}/evidence/${inline.body.id}/content`, {
      headers: { Authorization: `Bearer ${viewer}` },
    });
    expect(await dl.text()).toBe('inline');
    // An incident's upload route does not reach an investigation.
    expect((await upload(inv.id, bytes)).status).toBe(404);
  });

  it('refuses over the limit with 413, declared or streamed, and keeps nothing', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'too big' })).body;
    const declared = await upload(inc.id, Buffer.alloc(LIMIT + 1));
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining(`limit is ${LIMIT} bytes`),
    });
    // Chunked (no Content-Length): refused as the body crosses the limit.
    async function* chunks() {
      for (let i = 0; i < 5; i++) yield new Uint8Array(1024 * 1024);
    }
    const streamed = await upload(inc.id, chunks());
    expect(streamed.status).toBe(413);
    expect(await spooled()).toBe(0);
    const { rows } = await s.db.pool.query('SELECT count(*)::int AS n FROM case_evidence WHERE case_id = $1', [inc.id]);
    expect(rows[0].n).toBe(0);
    expect((await api('GET', `/incidents/${inc.id}`)).body.version).toBe(1);
    // Exactly the limit is fine.
    expect((await upload(inc.id, Buffer.alloc(LIMIT, 7))).status).toBe(201);
    // JSON uploads keep their own, lower cap and say where larger files go.
    const json = await api('POST', `/incidents/${inc.id}/evidence`, {
      kind: 'file',
      fileName: 'big.bin',
      contentBase64: Buffer.alloc(1024 * 1024 + 1).toString('base64'),
    });
    expect(json.status).toBe(413);
    expect(json.body.error.message).toMatch(/evidence\/files/);
  });

  it('needs cases:write, a name and an uncompressed body; bad input is 4xx JSON', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'bad uploads' })).body;
    const bytes = Buffer.from('x');
    const denied = await upload(inc.id, bytes, {}, '', 'incidents', viewer);
    expect(denied).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const anon = await fetch(`${s.url}/api/v1/incidents/${inc.id}/evidence/files?name=a`, {
      method: 'POST',
      body: bytes,
    });
    expect(anon.status).toBe(401);
    expect((await upload(inc.id, bytes, { 'X-Filename': '' })).body.error).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/X-Filename/),
    });
    expect((await upload(inc.id, bytes, { 'X-Filename': '%E0%A4%A' })).status).toBe(400);
    expect((await upload(inc.id, bytes, { 'X-Filename': 'a%0Ab' })).body.error.message).toMatch(/control characters/);
    expect((await upload(inc.id, bytes, { 'Content-Encoding': 'gzip' })).status).toBe(415);
    expect((await upload(inc.id, Buffer.alloc(0))).body.error).toMatchObject({
      code: 'bad_request',
      message: 'the file is empty',
    });
    expect((await upload('00000000-0000-4000-8000-000000000000', bytes)).status).toBe(404);
    expect((await upload('not-a-uuid', bytes)).status).toBe(404);
    const { rows } = await s.db.pool.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND target_id LIKE '%evidence/files'",
    );
    expect(rows[0].n).toBeGreaterThan(0);
    expect(await spooled()).toBe(0);
  });

  it('answers a refused upload even while the client is still sending, on a fresh connection', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'early refusal' })).body;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${s.url}/api/v1/incidents/${inc.id}/evidence/files?name=x`,
        { method: 'POST', headers: { Authorization: `Bearer ${viewer}`, 'Content-Length': String(2 * 1024 * 1024) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(Buffer.alloc(2 * 1024 * 1024));
    });
    expect(status).toBe(403);
  });

  it('keeps nothing from an upload the client abandons halfway', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'abandoned upload' })).body;
    const req = http.request(`${s.url}/api/v1/incidents/${inc.id}/evidence/files?name=half.bin`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${analyst}`, 'Content-Length': String(2 * 1024 * 1024) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(1024 * 1024, 1));
    await expect.poll(spooled).toBe(1);
    req.destroy();
    await expect.poll(spooled).toBe(0);
    const { rows } = await s.db.pool.query('SELECT count(*)::int AS n FROM case_evidence WHERE case_id = $1', [inc.id]);
    expect(rows[0].n).toBe(0);
    // The server carries on.
    expect((await upload(inc.id, Buffer.from('whole'))).status).toBe(201);
  });
});

describe('indicator actions', () => {
  it('blocks a public IP for 24 h, records who did it on the timeline, and shows it in the status', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'Botnet C2' })).body;
    const ip = (await api('POST', `/incidents/${inc.id}/indicators`, { type: 'ip', value: '45.33.32.156' })).body;
    const r = await api('POST', `/incidents/${inc.id}/indicators/${ip.id}/actions`, {
      list: 'blockip',
      duration: '1d',
    });
    expect(r.status).toBe(201);
    expect(r.body.item).toMatchObject({
      list: 'blockip',
      type: 'ip',
      value: '45.33.32.156',
      duration: '1d',
      createdBy: 'token:soar',
      comment: `From incident "Botnet C2" (/incidents/${inc.id})`,
    });
    expect(Date.parse(r.body.item.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(r.body.entry).toMatchObject({ kind: 'action', text: 'Blocked 45.33.32.156 for 24 h', author: 'token:soar' });
    const got = (await api('GET', `/incidents/${inc.id}`)).body;
    expect(got.timeline.map((t: { text: string }) => t.text)).toContain('Blocked 45.33.32.156 for 24 h');
    const blocked = (await api('GET', '/blockip')).body.items;
    expect(blocked).toEqual([expect.objectContaining({ value: '45.33.32.156' })]);
    const audit = await s.db.pool.query(
      "SELECT action FROM audit_log WHERE action IN ('blockip.create', 'incident.indicator.action') ORDER BY id",
    );
    expect(audit.rows.map((x) => x.action)).toEqual(['blockip.create', 'incident.indicator.action']);
    // Again: the watchlist's own refusal (already listed), nothing added to the timeline.
    const again = await api('POST', `/incidents/${inc.id}/indicators/${ip.id}/actions`, {
      list: 'blockip',
      duration: '1h',
    });
    expect(again.status).toBe(409);
    expect((await api('GET', `/incidents/${inc.id}`)).body.timeline).toHaveLength(1);

    const status = (await api('GET', `/incidents/${inc.id}/indicators/status`, undefined, viewer)).body.indicators;
    expect(status).toEqual([
      {
        indicatorId: ip.id,
        items: [expect.objectContaining({ list: 'blockip', value: '45.33.32.156', duration: '1d' })],
      },
    ]);
  });

  it('refuses private addresses with the watchlist service message, and types a list does not take', async () => {
    const inc = (await api('POST', '/incidents', { summary: 'private' })).body;
    const priv = (await api('POST', `/incidents/${inc.id}/indicators`, { type: 'ip', value: '10.1.2.3' })).body;
    const r = await api('POST', `/incidents/${inc.id}/indicators/${priv.id}/actions`, {
      list: 'blockip',
      duration: '1h',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe(
      'value: 10.1.2.3 is a private, loopback, link-local or reserved address and cannot be blocked',
    );
    const hash = (
      await api('POST', `/incidents/${inc.id}/indicators`, { type: 'hash', value: 'd41d8cd98f00b204e9800998ecf8427e' })
    ).body;
    expect(
      (await api('POST', `/incidents/${inc.id}/indicators/${hash.id}/actions`, { list: 'blockip' })).body.error.message,
    ).toMatch(/cannot go on the blockip/);
    expect((await api('POST', `/incidents/${inc.id}/indicators/${hash.id}/actions`, { list: 'nope' })).status).toBe(
      400,
    );
    expect(
      (await api('POST', `/incidents/${inc.id}/indicators/${hash.id}/actions`, { list: 'watchlist' }, viewer)).status,
    ).toBe(403);
    expect(
      (
        await api('POST', `/incidents/${inc.id}/indicators/00000000-0000-4000-8000-000000000000/actions`, {
          list: 'watchlist',
        })
      ).status,
    ).toBe(404);
    expect((await api('GET', `/incidents/${inc.id}`)).body.timeline).toEqual([]);
  });

  it('maps IOC types to watch items over tRPC: user → username, URL → its host, IPs inside a listed CIDR', async () => {
    const t = trpcHttp(s.url, analyst);
    const inc = await t.cases.create.mutate({ kind: 'incident', summary: 'mapping' });
    const add = (type: 'ip' | 'user' | 'url' | 'domain', value: string) =>
      t.cases.addIndicator.mutate({ caseId: inc.id, indicator: { type, value } });
    const user = await add('user', 'Mallory');
    const url = await add('url', 'https://Evil.Example.net/payload?x=1');
    const inner = await add('ip', '93.184.216.34');
    const w = await t.cases.indicatorAction.mutate({
      caseId: inc.id,
      indicatorId: user.id,
      list: 'watchlist',
      comment: 'watch her',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(w.item).toMatchObject({ list: 'watchlist', type: 'username', value: 'mallory', comment: 'watch her' });
    expect(w.entry.text).toMatch(/^Added mallory to the watchlist until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const d = await t.cases.indicatorAction.mutate({
      caseId: inc.id,
      indicatorId: url.id,
      list: 'blockfqdn',
      duration: 'permanent',
    });
    expect(d.item).toMatchObject({ list: 'blockfqdn', type: 'domain', value: 'evil.example.net', expiresAt: null });
    expect(d.entry.text).toBe(
      'Blocked evil.example.net (host of the URL indicator https://Evil.Example.net/payload?x=1) permanently',
    );
    await api('POST', '/watchlist', { type: 'cidr', value: '93.184.216.0/24' });
    const status = await t.cases.indicatorStatus.query({ caseId: inc.id });
    const of = (id: string) => status.find((x) => x.indicatorId === id)!.items.map((i) => `${i.list}:${i.value}`);
    expect(of(user.id)).toEqual(['watchlist:mallory']);
    expect(of(url.id)).toEqual(['blockfqdn:evil.example.net']);
    expect(of(inner.id)).toEqual(['watchlist:93.184.216.0/24']);
    const err = await trpcError(
      t.cases.indicatorAction.mutate({
        caseId: inc.id,
        indicatorId: inner.id,
        list: 'blockip',
        duration: '1h',
        expiresAt: new Date().toISOString(),
      }),
    );
    expect(err.data?.code).toBe('BAD_REQUEST');
    const viewerErr = await trpcError(
      trpcHttp(s.url, viewer).cases.indicatorAction.mutate({
        caseId: inc.id,
        indicatorId: inner.id,
        list: 'watchlist',
      }),
    );
    expect(viewerErr.data?.code).toBe('FORBIDDEN');
  });
});
