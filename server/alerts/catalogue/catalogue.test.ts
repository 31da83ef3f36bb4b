// The ported MozDef rules against MozDef-shaped events.
import { describe, expect, it } from 'vitest';
import { enrich, event, run } from './catalogue-harness.ts';
import { CATALOGUE } from './index.ts';

describe('MozDef catalogue', () => {
  it('every entry is a valid rule with a unique key', () => {
    expect(new Set(CATALOGUE.map((c) => c.key)).size).toBe(CATALOGUE.length);
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(9);
  });

  it('ssh brute force: 10 failures from one address within 2 minutes, not 9, not other outcomes', () => {
    const line = (ip: string, i: number) => event({ processname: 'sshd', category: 'syslog', summary: `Failed password for root from ${ip} port ${5000 + i} ssh2` });
    const fails = enrich([...Array.from({ length: 9 }, (_, i) => line('198.51.100.9', i)), ...Array.from({ length: 10 }, (_, i) => line('198.51.100.10', i))]);
    const accepted = enrich([event({ summary: 'Accepted password for root from 198.51.100.9 port 22 ssh2' })]);
    const { summaries } = run('mozdef.bruteforce_ssh', [...fails, ...accepted]);
    expect(summaries).toEqual(['10 ssh bruteforce attempts by 198.51.100.10 host1']);
  });

  it('ssh password auth violation: accepted password logins, not publickey', () => {
    const events = enrich([
      event({ hostname: 'db1', summary: 'Accepted password for bob from 198.51.100.20 port 22 ssh2' }),
      event({ hostname: 'db1', summary: 'Accepted publickey for bob from 198.51.100.21 port 22 ssh2' }),
    ]);
    expect(run('mozdef.ssh_password_auth_violation', events).summaries).toEqual(['SSH password authentication by bob from 198.51.100.20 to db1']);
  });

  it('ldap brute force per user', () => {
    const bad = (user: string) => event({ category: 'ldap', details: { user, client: '10.1.1.1', response: { error: 'LDAP_INVALID_CREDENTIALS' } } });
    const events = [...Array.from({ length: 10 }, () => bad('jdoe')), ...Array.from({ length: 9 }, () => bad('asmith'))];
    expect(run('mozdef.ldap_bruteforce_user', events).summaries).toEqual(['LDAP bruteforce of user jdoe: 10 invalid credentials from 10.1.1.1']);
  });

  it('CloudTrail logging disabled, unless the call failed', () => {
    const stop = (extra: Record<string, unknown>) =>
      event({ category: 'cloudtrail', source: 'cloudtrail', details: { eventname: 'StopLogging', requestparameters: { name: 'main-trail' }, useridentity: { arn: 'arn:aws:iam::1:user/eve' }, ...extra } });
    // MozDef's negative cases: another source, another event name, a refused call.
    const otherSource = { ...stop({}), source: 'event' };
    const { summaries } = run('mozdef.cloudtrail_logging_disabled', [stop({}), stop({ errorcode: 'AccessDenied' }), otherSource, event({ category: 'cloudtrail', source: 'cloudtrail', details: { eventname: 'Badeventname' } })]);
    expect(summaries).toEqual(['Cloudtrail Logging Disabled: main-trail']);
  });

  it('Duo failures per user', () => {
    const d = (result: string) => event({ source: 'duo', category: 'authentication', details: { username: 'zed', result, sourceipaddress: '198.51.100.3' } });
    expect(run('mozdef.duo_authfail', [d('FAILURE'), d('SUCCESS'), d('FRAUD'), d('DENIED'), d('FAILURE'), d('FAILURE')]).summaries).toEqual([
      '5 Duo 2FA failures for zed from 198.51.100.3',
    ]);
  });

  it('port scan: 50 distinct destination ports from one source', () => {
    const probe = (src: string, port: number) => event({ category: 'bro', details: { sourceipaddress: src, destinationipaddress: '10.0.0.1', destinationport: port } });
    const events = [...Array.from({ length: 49 }, (_, i) => probe('198.51.100.50', 1000 + i)), ...Array.from({ length: 60 }, () => probe('198.51.100.51', 443)), ...Array.from({ length: 50 }, (_, i) => probe('198.51.100.52', i + 1))];
    expect(run('mozdef.portscan', events).summaries).toEqual(['Port scan: 198.51.100.52 probed 50 ports on 10.0.0.1']);
  });
});
