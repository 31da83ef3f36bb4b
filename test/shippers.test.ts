// The requests each shipper in docs/shipping.md sends, byte for byte as its documented
// configuration produces them (headers, framing, compression, field names), against a real
// server: what Picket answers and what it stores. rsyslog runs for real in test/syslog-input.test.ts.
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Json } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

const now = () => new Date(Date.now() - 60_000).toISOString();

async function post(
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${s.url}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers,
  });
  return { status: r.status, body: (await r.json()) as Json };
}

async function stored(query: string): Promise<Json[]> {
  const r = await api(s, 'GET', `/events?q=${encodeURIComponent(query)}&from=now-1h&sort=utctimestamp:asc`);
  return r.body.events as Json[];
}

describe('shippers, as docs/shipping.md configures them', () => {
  it('mozdef_client: one JSON object per request, no Content-Type', async () => {
    // MozDefEvent.send(): json.dumps of its fields, processid an int, an ISO time with microseconds.
    const body = JSON.stringify({
      timestamp: `${now().slice(0, 19)}.123456+00:00`,
      hostname: 'app1.example.org',
      processname: '/usr/bin/deploy',
      processid: 4242,
      severity: 'INFO',
      summary: 'mozdef-client-marker deployed',
      category: 'event',
      tags: ['picket'],
      details: { sourceipaddress: '198.51.100.7' },
      source: 'deploy',
    });
    expect(await post('/events', body)).toEqual({ status: 200, body: { accepted: 1, rejected: [] } });
    const [e] = await stored('"mozdef-client-marker"');
    expect(e).toMatchObject({
      hostname: 'app1.example.org',
      processname: '/usr/bin/deploy',
      processid: '4242',
      tags: ['picket'],
      details: { sourceipaddress: '198.51.100.7' },
    });
  });

  it('syslog-ng http(): a batch of format-json lines, each ended by body-suffix("\\n"), with a token', async () => {
    const token = (await api(s, 'POST', '/tokens', { name: 'syslog-ng', role: 'viewer', ingestOnly: true })).body
      .token as string;
    const line = (n: number) =>
      JSON.stringify({
        summary: `Failed password for root from 203.0.113.50 port ${n} ssh2`,
        hostname: 'syslog-ng-src',
        program: 'sshd',
        pid: '77',
        severity: 'err',
        facility: 'auth',
        timestamp: now().replace('Z', '+00:00'),
      });
    const r = await post('/events', `${line(1)}\n${line(2)}\n`, {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    });
    expect(r).toEqual({ status: 200, body: { accepted: 2, rejected: [] } });
    const events = await stored('hostname:syslog-ng-src');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      hostname: 'syslog-ng-src',
      processname: 'sshd',
      processid: '77',
      details: { facility: 'auth', sourceipaddress: '203.0.113.50', success: false },
    });
  });

  it('Fluent Bit http output: json_lines, gzip, its syslog parser (ident) and container (log) records', async () => {
    const records = [
      { timestamp: now(), host: 'web2', ident: 'sshd', pid: '99', message: 'fluent-bit-marker syslog record' },
      { timestamp: now(), log: 'fluent-bit-marker container line\n', stream: 'stdout' },
    ];
    const r = await post('/events', zlib.gzipSync(records.map((x) => JSON.stringify(x)).join('\n')), {
      'Content-Type': 'application/x-ndjson',
      'Content-Encoding': 'gzip',
    });
    expect(r).toEqual({ status: 200, body: { accepted: 2, rejected: [] } });
    const events = await stored('"fluent-bit-marker"');
    expect(events.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        'fluent-bit-marker syslog record',
        expect.stringMatching(/^fluent-bit-marker container line/),
      ]),
    );
    expect(events.find((e) => e.processname === 'sshd')).toMatchObject({ hostname: 'web2', processid: '99' });
  });

  it('Vector http sink: newline-delimited JSON, gzip, after the documented remap', async () => {
    // Vector's syslog source names the program appname and the pid procid; the remap renames them.
    const record = {
      message: 'Accepted publickey for alice from 198.51.100.20 port 5555 ssh2',
      hostname: 'vector-db1',
      program: 'sshd',
      pid: '12',
      severity: 'info',
      facility: 'auth',
      timestamp: now(),
      source_type: 'syslog',
    };
    const r = await post('/events', zlib.gzipSync(`${JSON.stringify(record)}\n`), {
      'Content-Type': 'application/x-ndjson',
      'Content-Encoding': 'gzip',
    });
    expect(r).toEqual({ status: 200, body: { accepted: 1, rejected: [] } });
    const [e] = await stored('hostname:vector-db1');
    expect(e).toMatchObject({
      hostname: 'vector-db1',
      processname: 'sshd',
      processid: '12',
      details: { username: 'alice', success: true, source_type: 'syslog' },
    });
  });

  it('_bulk as Beats send it: create actions, @timestamp, message and the host object; an Elasticsearch answer', async () => {
    const doc = {
      '@timestamp': now(),
      message: 'bulk-beats-marker line',
      host: { name: 'beat-host' },
      log: { file: { path: '/var/log/app.log' } },
      agent: { type: 'filebeat' },
    };
    const body = `${JSON.stringify({ create: { _index: 'filebeat-8' } })}\n${JSON.stringify(doc)}\n`;
    const r = await post('/_bulk', body, { 'Content-Type': 'application/json' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ errors: false, items: [{ create: { status: 201 } }] });
    const [e] = await stored('"bulk-beats-marker"');
    expect(e).toMatchObject({
      summary: 'bulk-beats-marker line',
      hostname: 'beat-host',
      details: { log: { file: { path: '/var/log/app.log' } } },
    });
  });
});
