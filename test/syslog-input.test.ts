// The syslog input end to end with the real rsyslog from Debian relaying to Picket: TCP with
// octet-counted RFC 5424, TCP with LF-framed traditional format, and UDP.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const haveRsyslog = spawnSync(RSYSLOGD, ['-v']).status === 0;
if (!haveRsyslog)
  console.warn(`syslog-input: ${RSYSLOGD} not found, skipping the rsyslog relay tests (apt-get install rsyslog)`);

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function search(s: TestServer, q: string): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${s.url}/api/v1/events?q=${encodeURIComponent(q)}&from=now-2d&to=now%2B2d&size=50`, {
    headers: { Authorization: `Bearer ${s.adminToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()).events;
}

describe('syslog input', () => {
  let s: TestServer;
  let syslogPort: number;
  let rsyslog: ChildProcess | undefined;
  let dir: string;
  let relayPort: number;

  beforeAll(async () => {
    s = await startTestServer({ PICKET_SYSLOG_PORT: '0' });
    syslogPort = s.syslogPort!;
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-rsyslog-'));
    if (!haveRsyslog) return;
    relayPort = await freeUdpPort();
    // rsyslog receives on its own UDP port (as from the hosts it collects for) and relays three ways.
    const conf = `
global(workDirectory="${dir}")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="${relayPort}" ruleset="relay")
ruleset(name="relay") {
  if $msg contains "via-5424" then action(type="omfwd" target="127.0.0.1" port="${syslogPort}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
  if $msg contains "via-tcp-lf" then action(type="omfwd" target="127.0.0.1" port="${syslogPort}" protocol="tcp" template="RSYSLOG_ForwardFormat")
  if $msg contains "via-udp" then action(type="omfwd" target="127.0.0.1" port="${syslogPort}" protocol="udp" template="RSYSLOG_TraditionalForwardFormat")
}
`;
    await fs.writeFile(path.join(dir, 'rsyslog.conf'), conf);
    rsyslog = spawn(RSYSLOGD, ['-n', '-f', path.join(dir, 'rsyslog.conf'), '-i', path.join(dir, 'rsyslog.pid')], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    // rsyslog is ready when its input is bound; a datagram before that is simply not read.
    await until(
      async () => spawnSync('ss', ['-lun']).stdout.toString().includes(`127.0.0.1:${relayPort}`),
      'rsyslog to listen',
      20_000,
    );
  });

  afterAll(async () => {
    rsyslog?.kill('SIGTERM');
    await s?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!haveRsyslog)(
    'stores what the real rsyslog relays over TCP (octet-counted RFC 5424 and LF-framed) and UDP, with sshd parsed',
    async () => {
      const client = dgram.createSocket('udp4');
      const send = (line: string) => new Promise<void>((r) => client.send(line, relayPort, '127.0.0.1', () => r()));
      // <38> = auth.info, as sshd logs; each user name names the path, and rsyslog routes on it.
      await send(
        '<38>Dec  7 09:59:58 bastion sshd[4242]: Failed password for invalid user via-5424 from 203.0.113.9 port 4242 ssh2',
      );
      await send(
        '<38>Dec  7 09:59:59 bastion sshd[4243]: Failed password for invalid user via-tcp-lf from 203.0.113.10 port 4243 ssh2',
      );
      await send(
        '<38>Dec  7 10:00:00 bastion sshd[4244]: Failed password for invalid user via-udp from 203.0.113.11 port 4244 ssh2',
      );
      client.close();
      for (const [marker, ip, pid] of [
        ['via-5424', '203.0.113.9', '4242'],
        ['via-tcp-lf', '203.0.113.10', '4243'],
        ['via-udp', '203.0.113.11', '4244'],
      ]) {
        const [e] = await until(async () => {
          const found = await search(s, `"${marker}"`);
          return found.length ? found : undefined;
        }, `the ${marker} event`);
        expect(e, marker).toMatchObject({
          hostname: 'bastion',
          processname: 'sshd',
          processid: pid,
          severity: 'INFO',
          category: 'syslog',
          source: 'syslog',
        });
        expect((e.details as Record<string, unknown>).facility, marker).toBe('auth');
        expect((e.details as Record<string, unknown>).sourceipaddress, marker).toBe(ip);
        expect((e.details as Record<string, unknown>).success, marker).toBe(false);
        expect((e.details as Record<string, unknown>).username, marker).toBe(marker);
      }
    },
  );

  it('counts bad frames and keeps the good ones of the same connection', async () => {
    const before = await search(s, '"tcp-direct-good"');
    expect(before).toHaveLength(0);
    const sock = net.connect(syslogPort, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const good = '<14>1 2026-12-07T00:00:00Z h app - - - tcp-direct-good one';
    sock.write(`<14>1 2026-12-07T00:00:00Z host\n${Buffer.byteLength(good)} ${good}\n\n<13>tcp-direct-good two\n`);
    sock.end();
    const found = await until(async () => {
      const f = await search(s, '"tcp-direct-good"');
      return f.length === 2 ? f : undefined;
    }, 'both good frames');
    expect(found.map((e) => e.summary).sort()).toEqual(['tcp-direct-good one', 'tcp-direct-good two']);
  });

  it('closes a TCP connection that speaks HTTP (a web page aiming a browser at the port) and stores nothing of it', async () => {
    const sock = net.connect(syslogPort, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    sock.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n\r\n<13>http-smuggled line\n');
    await closed;
    await new Promise((r) => setTimeout(r, 300));
    expect(await search(s, '"http-smuggled"')).toHaveLength(0);
  });

  it('reads only sources inside PICKET_SYSLOG_ALLOWED_CIDRS', async () => {
    const other = await startTestServer({ PICKET_SYSLOG_PORT: '0', PICKET_SYSLOG_ALLOWED_CIDRS: '192.0.2.0/24' });
    try {
      const client = dgram.createSocket('udp4');
      await new Promise<void>((r) =>
        client.send('<13>refused-source datagram', other.syslogPort!, '127.0.0.1', () => r()),
      );
      client.close();
      const sock = net.connect(other.syslogPort!, '127.0.0.1');
      await new Promise<void>((r) => sock.once('close', () => r()));
      await new Promise((r) => setTimeout(r, 300));
      const res = await fetch(`${other.url}/api/v1/events?q=${encodeURIComponent('"refused-source"')}&from=now-1d`, {
        headers: { Authorization: `Bearer ${other.adminToken}` },
      });
      expect((await res.json()).total).toBe(0);
    } finally {
      await other.stop();
    }
  });
});
