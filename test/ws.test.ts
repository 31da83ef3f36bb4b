import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

const wsUrl = () => s.url.replace('http://', 'ws://') + '/api/ws';

describe('/api/ws', () => {
  it('refuses the upgrade without valid credentials (no socket ever opens)', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }]) {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl(), { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
      expect(status).toBe(401);
    }
  });

  it('opens for a valid token and greets with the identity', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { Authorization: `Bearer ${s.adminToken}` } });
    const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.on('message', (m) => resolve(JSON.parse(m.toString())));
      ws.on('error', reject);
    });
    expect(hello).toMatchObject({ type: 'hello', identity: { kind: 'token', role: 'admin' } });
    ws.close();
  });

  it('answers 404 for upgrades elsewhere', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(s.url.replace('http://', 'ws://') + '/nope');
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });
});
