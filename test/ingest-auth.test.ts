import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;

async function createToken(body: object, token = s.adminToken) {
  const res = await fetch(`${s.url}/api/v1/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const ingest = (headers: Record<string, string> = {}) =>
  fetch(`${s.url}/events`, { method: 'POST', body: JSON.stringify({ summary: 'from afar' }), headers });

// 127.0.0.1 is outside these CIDRs, so the test client is an untrusted source.
beforeAll(async () => {
  s = await startTestServer({ PICKET_INGEST_TRUSTED_CIDRS: '10.0.0.0/8,192.0.2.1' });
});
afterAll(() => s?.stop());

describe('ingest from untrusted sources and API tokens', () => {
  it('refuses an untrusted source without a token (401, JSON error)', async () => {
    const res = await ingest();
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
  });

  it('accepts an ingest-only token and an analyst token, refuses a viewer token (403)', async () => {
    const shipper = await createToken({ name: 'shipper', role: 'viewer', ingestOnly: true });
    expect(shipper.status).toBe(201);
    expect(shipper.body.token).toMatch(/^pkt_/);
    expect((await ingest({ Authorization: `Bearer ${shipper.body.token}` })).status).toBe(200);

    const analyst = await createToken({ name: 'analyst', role: 'analyst' });
    expect((await ingest({ Authorization: `Bearer ${analyst.body.token}` })).status).toBe(200);

    const viewer = await createToken({ name: 'reader', role: 'viewer' });
    expect((await ingest({ Authorization: `Bearer ${viewer.body.token}` })).status).toBe(403);

    // An ingest-only token cannot read.
    const read = await fetch(`${s.url}/api/v1/events`, { headers: { Authorization: `Bearer ${shipper.body.token}` } });
    expect(read.status).toBe(403);
  });

  it('stores tokens hashed, lists them without values, audits creation, and revokes', async () => {
    const created = await createToken({ name: 'temp', role: 'viewer' });
    const { rows } = await s.db.pool.query('SELECT token_hash, prefix FROM api_tokens WHERE id = $1', [
      created.body.id,
    ]);
    expect(Buffer.isBuffer(rows[0].token_hash)).toBe(true);
    expect(rows[0].token_hash.toString('utf8')).not.toContain(created.body.token);

    const list = await (
      await fetch(`${s.url}/api/v1/tokens`, { headers: { Authorization: `Bearer ${s.adminToken}` } })
    ).json();
    expect(JSON.stringify(list)).not.toContain(created.body.token);
    expect(list.tokens.some((t: { id: string }) => t.id === created.body.id)).toBe(true);

    const audit = await s.db.pool.query(`SELECT actor, action FROM audit_log WHERE target_id = $1`, [created.body.id]);
    expect(audit.rows).toEqual([{ actor: 'token:PICKET_ADMIN_TOKEN', action: 'token.create' }]);

    const del = await fetch(`${s.url}/api/v1/tokens/${created.body.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${s.adminToken}` },
    });
    expect(del.status).toBe(200);
    const after = await fetch(`${s.url}/api/v1/events`, { headers: { Authorization: `Bearer ${created.body.token}` } });
    expect(after.status).toBe(401);
  });

  it('refuses a token role above the creator and malformed bodies with 4xx JSON', async () => {
    const analyst = await createToken({ name: 'a2', role: 'analyst' });
    const escalate = await createToken({ name: 'x', role: 'admin' }, analyst.body.token);
    expect(escalate.status).toBe(403);
    const bad = await createToken({ name: '', role: 'root' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/name|role/);
    const notJson = await fetch(`${s.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.adminToken}` },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });
});
