import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../normalize.ts';
import { parseSyslog } from './parse-syslog.ts';

const NOW = new Date('2026-12-07T10:00:00Z');

function parsed(line: string, peer?: string): Record<string, unknown> {
  const r = parseSyslog(line, NOW, peer);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('parseSyslog', () => {
  it('reads RFC 3164 as sshd writes it through rsyslog, with facility and severity', () => {
    // <38> = auth (4) * 8 + info (6)
    expect(
      parsed(
        '<38>Dec  7 09:59:58 bastion sshd[4242]: Failed password for invalid user bob from 203.0.113.9 port 4242 ssh2',
      ),
    ).toEqual({
      category: 'syslog',
      source: 'syslog',
      severity: 'INFO',
      timestamp: '2026-12-07T09:59:58.000Z',
      hostname: 'bastion',
      processname: 'sshd',
      processid: '4242',
      summary: 'Failed password for invalid user bob from 203.0.113.9 port 4242 ssh2',
      details: { facility: 'auth', syslogseverity: 'info' },
    });
  });

  it('puts a December message that arrives in January in the year before', () => {
    const r = parseSyslog('<13>Dec 31 23:59:00 h app: x', new Date('2027-01-01T00:01:00Z'));
    expect(r.ok && r.value.timestamp).toBe('2026-12-31T23:59:00.000Z');
  });

  it('reads rsyslog forward format (RFC 3339 time in a 3164 header) and a tag without pid', () => {
    const v = parsed(
      '<86>2026-12-07T09:00:01.123456+01:00 web1 CRON: pam_unix(cron:session): session opened for user root',
    );
    expect(v).toMatchObject({
      timestamp: '2026-12-07T09:00:01.123456+01:00',
      hostname: 'web1',
      processname: 'CRON',
      severity: 'INFO',
      details: { facility: 'authpriv' },
    });
    expect(v.summary).toBe('pam_unix(cron:session): session opened for user root');
    expect(v.processid).toBeUndefined();
  });

  it('takes the hostname from the peer when the sender leaves it out', () => {
    expect(parsed('<30>Dec  7 09:59:58 dhclient[123]: DHCPREQUEST of 1.2.3.4', '198.51.100.7')).toMatchObject({
      hostname: '198.51.100.7',
      processname: 'dhclient',
      processid: '123',
      summary: 'DHCPREQUEST of 1.2.3.4',
    });
    expect(parsed('just text, no header', '198.51.100.7')).toMatchObject({
      hostname: '198.51.100.7',
      severity: 'NOTICE',
      summary: 'just text, no header',
      details: { facility: 'user' },
    });
  });

  it('reads RFC 5424 with structured data, nil values and a BOM', () => {
    const v = parsed(
      '<165>1 2026-12-07T09:59:00.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Appli\\"cation" eventID="1011"][__proto__ x="1"] \uFEFFAn application event',
    );
    expect(v).toMatchObject({
      timestamp: '2026-12-07T09:59:00.003Z',
      hostname: 'mymachine.example.com',
      processname: 'evntslog',
      severity: 'NOTICE',
      summary: 'An application event',
    });
    expect(v.processid).toBeUndefined();
    const d = v.details as Record<string, Record<string, Record<string, string>>>;
    expect(d.msgid).toBe('ID47');
    expect(d.structured_data.exampleSDID_32473 ?? d.structured_data['exampleSDID@32473']).toEqual({
      iut: '3',
      eventSource: 'Appli"cation',
      eventID: '1011',
    });
    expect(Object.getPrototypeOf(d.structured_data)).toBe(Object.prototype);
    expect(Object.hasOwn(d.structured_data, '__proto__')).toBe(true);
    expect(parsed('<14>1 - - - - - -')).toMatchObject({ summary: '', severity: 'INFO' });
  });

  it('refuses what is not a message, with a reason', () => {
    expect(parseSyslog('', NOW)).toEqual({ ok: false, error: 'syslog: empty message' });
    expect(parseSyslog('<14>1 2026-12-07T09:59:00Z host', NOW)).toMatchObject({ ok: false });
    expect(parseSyslog('<14>1 2026-12-07T09:59:00Z h a p m [broken', NOW)).toMatchObject({
      ok: false,
      error: 'syslog: malformed RFC 5424 structured data',
    });
  });

  it('gives MozDef fields after normalization, and sshd enrichment sees the summary', () => {
    const r = normalizeEvent(
      parsed('<38>Dec  7 09:59:58 bastion sshd[4242]: Accepted publickey for alice from 192.0.2.1 port 5000 ssh2'),
      { now: NOW, retentionDays: 90, maxFutureMinutes: 1440 },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event).toMatchObject({
      hostname: 'bastion',
      processname: 'sshd',
      processid: '4242',
      severity: 'INFO',
      category: 'syslog',
      utctimestamp: '2026-12-07T09:59:58.000Z',
    });
  });
});
