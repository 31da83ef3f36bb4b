// MozDef's tests of its sshd alerts (test_bruteforce_ssh, test_ssh_access, test_ssh_access_signreleng,
// test_ssh_lateral) as tables: same events, same expected alerts. Where Picket differs the case says
// why ("Picket:"). The one difference common to all: MozDef searched a window back from the time it
// ran, so events older than the window ("old timestamp" cases) raised nothing; Picket evaluates each
// event when it is stored, so such events alert when they arrive (a late shipper's events included).
import { describe, expect, it } from 'vitest';
import { itRaises, setupEventsTable, mozdefEvent, mozdefEvents, type ExpectedAlert } from './auth-harness.ts';
import { enrich, event, run } from './catalogue-harness.ts';

const db = setupEventsTable();

describe('bruteforce_ssh', () => {
  const base = {
    summary: 'login invalid ldap_count_entries failed by 1.2.3.4',
    hostname: 'exhostname',
    details: { program: 'sshd', sourceipaddress: '1.2.3.4' },
  };
  const ten = (over: Record<string, unknown> = {}, ago = 0) => mozdefEvents(10, [base, over], ago);
  const alert: ExpectedAlert = {
    category: 'bruteforce',
    severity: 'NOTICE',
    summary: '10 ssh bruteforce attempts by 1.2.3.4 exhostname (10 hits)',
    tags: ['ssh'],
  };
  const mixedIps = ten();
  for (const e of mixedIps.slice(8)) e.details.sourceipaddress = '127.0.0.1';
  itRaises(
    'mozdef.bruteforce_ssh',
    [
      { description: 'default event and default alert', events: ten(), expected: alert },
      { description: 'events a minute earlier', events: ten({}, 1), expected: alert },
      { description: "summary 'login failed'", events: ten({ summary: 'login failed' }), expected: alert },
      { description: "summary 'invalid failed'", events: ten({ summary: 'invalid failed' }), expected: alert },
      // MozDef's case of this name repeats 'invalid failed'; the summary it names is tested here.
      {
        description: "summary 'ldap_count_entries failed'",
        events: ten({ summary: 'ldap_count_entries failed' }),
        expected: alert,
      },
      { description: 'negative: one of 10 has another sourceipaddress', events: mixedIps, expected: null },
      { description: 'negative: not enough events', events: mozdefEvents(9, [base]), expected: null },
      {
        description: "negative: summary without 'failed'",
        events: ten({ summary: 'login good ldap_count_entries' }),
        expected: null,
      },
      { description: "negative: summary with only 'failed'", events: ten({ summary: 'failed' }), expected: null },
      { description: "negative: summary with only 'login'", events: ten({ summary: 'login' }), expected: null },
      { description: "negative: summary with only 'invalid'", events: ten({ summary: 'invalid' }), expected: null },
      {
        description: "negative: summary with only 'ldap_count_entries'",
        events: ten({ summary: 'ldap_count_entries' }),
        expected: null,
      },
      { description: 'negative: bad program', events: ten({ details: { program: 'badprogram' } }), expected: null },
      // MozDef negative (3 minutes old, outside its 2-minute search). Picket: alerts on arrival.
      { description: 'old timestamp (Picket: alerts when the events arrive)', events: ten({}, 3), expected: alert },
      {
        description: 'negative: 11.22.33.44 is a skipped address',
        events: ten({ summary: 'login invalid ldap_count_entries failed by 11.22.33.44' }),
        expected: null,
      },
      {
        description: 'negative: 55.66.77.88 is a skipped address',
        events: ten({ summary: 'login invalid ldap_count_entries failed by 55.66.77.88' }),
        expected: null,
      },
      {
        description: 'negative: aggregation key missing',
        events: ten({ details: { sourceipaddress: null } }),
        expected: null,
      },
    ],
    db,
  );

  it('real sshd lines with the program in processname (as Picket normalizes syslog) count too', () => {
    const line = (user: string, i: number) =>
      event({ processname: 'sshd', summary: `Failed password for ${user} from 198.51.100.10 port ${5000 + i} ssh2` });
    // "Failed password for root" has none of MozDef's words (login, invalid, ...): not counted.
    expect(
      run('mozdef.bruteforce_ssh', enrich(Array.from({ length: 10 }, (_, i) => line('root', i)))).summaries,
    ).toEqual([]);
    expect(
      run('mozdef.bruteforce_ssh', enrich(Array.from({ length: 10 }, (_, i) => line('invalid user admin', i))))
        .summaries,
    ).toEqual(['10 ssh bruteforce attempts by 198.51.100.10 host1 (10 hits)']);
  });
});

describe('ssh_access', () => {
  const base = {
    category: 'syslog',
    hostname: 'victim1.small.corp.com',
    summary: 'Accepted publickey for alamakota from 11.22.33.44 port 39190 ssh2',
    details: { sourceipaddress: '11.22.33.44', program: 'sshd', username: 'alamakota' },
  };
  const one = (over: Record<string, unknown> = {}, ago = 0) => [mozdefEvent([base, over], ago)];
  const alert = (ip: string): ExpectedAlert => ({
    category: 'access',
    severity: 'CRITICAL',
    summary: `SSH login from ${ip} on victim1.small.corp.com as user alamakota`,
    tags: ['ssh'],
  });
  // Picket's sshd enrichment takes the source address from the summary (as MozDef's parser did at
  // ingest), so a case that changes only details.sourceipaddress changes the line too.
  const from = (ip: string) => ({
    summary: `Accepted publickey for alamakota from ${ip} port 39190 ssh2`,
    details: { sourceipaddress: ip },
  });
  itRaises(
    'mozdef.ssh_access',
    [
      { description: 'good event', events: one(), expected: alert('11.22.33.44') },
      {
        description: 'from the other watched address',
        events: one(from('11.22.33.45')),
        expected: alert('11.22.33.45'),
      },
      { description: 'somewhat old timestamp', events: one({}, 14), expected: alert('11.22.33.44') },
      {
        description: 'old timestamp (Picket: alerts when the event arrives)',
        events: one({}, 16),
        expected: alert('11.22.33.44'),
      },
      { description: 'negative: bad category', events: one({ category: 'bro' }), expected: null },
      { description: 'negative: bad program', events: one({ details: { program: 'ssh' } }), expected: null },
      {
        description: 'negative: source address outside the watch list',
        events: one(from('213.212.11.5')),
        expected: null,
      },
    ],
    db,
  );
});

describe('ssh_access_signreleng', () => {
  const base = {
    tags: ['releng'],
    hostname: 'host1',
    summary: 'Accepted publickey for ttesterson from 1.2.3.4 port 39190 ssh2',
    details: { sourceipaddress: '1.2.3.4', program: 'sshd' },
  };
  const one = (over: Record<string, unknown> = {}, ago = 0) => [mozdefEvent([base, over], ago)];
  const alert = (ip: string, user: string): ExpectedAlert => ({
    category: 'access',
    severity: 'NOTICE',
    summary: `SSH login from ${ip} on host1 as user ${user}`,
    tags: ['ssh'],
  });
  const line = (user: string, ip: string) => ({
    summary: `Accepted publickey for ${user} from ${ip} port 39190 ssh2`,
    details: { sourceipaddress: ip },
  });
  itRaises(
    'mozdef.ssh_access_signreleng',
    [
      { description: 'good event', events: one(), expected: alert('1.2.3.4', 'ttesterson') },
      { description: 'somewhat old timestamp', events: one({}, 14), expected: alert('1.2.3.4', 'ttesterson') },
      {
        description: 'excluded user but not ip',
        events: one(line('someuser', '1.2.3.4')),
        expected: alert('1.2.3.4', 'someuser'),
      },
      {
        description: 'excluded ip but not user',
        events: one(line('ttesterson', '4.5.6.7')),
        expected: alert('4.5.6.7', 'ttesterson'),
      },
      {
        description: 'old timestamp (Picket: alerts when the event arrives)',
        events: one({}, 16),
        expected: alert('1.2.3.4', 'ttesterson'),
      },
      { description: 'negative: bad tags', events: one({ tags: ['badtag'] }), expected: null },
      { description: 'negative: bad program', events: one({ details: { program: 'badprogram' } }), expected: null },
      { description: 'negative: bad hostname', events: one({ hostname: 'badhostname' }), expected: null },
      { description: 'negative: bad summary', events: one({ summary: 'bad summary' }), expected: null },
      { description: 'negative: excluded user and ip', events: one(line('someuser', '4.5.6.7')), expected: null },
      {
        description: 'negative: excluded user and ip, second exclusion',
        events: one(line('anotheruser', '8.9.10.11')),
        expected: null,
      },
      {
        description: 'processid at the beginning of the summary',
        events: one({ summary: '[12345] Accepted publickey for ttesterson from 1.2.3.4 port 39190 ssh2' }),
        expected: alert('1.2.3.4', 'ttesterson'),
      },
      {
        description: 'keyboard-interactive/pam event',
        events: one({
          summary: '[68208]: Accepted keyboard-interactive/pam for ttesterson from 1.2.3.4 port 50942 ssh2',
        }),
        expected: alert('1.2.3.4', 'ttesterson'),
      },
    ],
    db,
  );
});

describe('ssh_lateral', () => {
  const base = {
    category: 'syslog',
    hostname: 'test-host.enterprise.mozilla.com',
    summary:
      'Accepted publickey for user1 from 10.2.3.4 port 19936 ssh2: RSA SHA256:ET72afGGbxabDersgSdQ+xJYB6ILXOFSDsLsTqDs',
    details: { program: 'sshd' },
  };
  const one = (over: Record<string, unknown> = {}, ago = 0) => [mozdefEvent([base, over], ago)];
  // MozDef: "... from 10.2.3.4 (mock_hostname1.mozilla.org) as user1": it added the reverse DNS name of
  // internal addresses. Picket: rules do no DNS lookups, the address alone.
  const alert: ExpectedAlert = {
    category: 'session',
    severity: 'WARNING',
    summary: 'SSH lateral movement outside policy: access to test-host.enterprise.mozilla.com from 10.2.3.4 as user1',
    tags: ['sshd', 'syslog'],
  };
  const from = (user: string, ip: string, host = base.hostname) => ({
    hostname: host,
    summary: `Accepted publickey for ${user} from ${ip} port 19936 ssh2`,
  });
  itRaises(
    'mozdef.ssh_lateral',
    [
      { description: 'good event', events: one(), expected: alert },
      { description: 'negative: bad event category', events: one({ category: 'bad' }), expected: null },
      { description: 'negative: bad event summary', events: one({ summary: 'some bad summary' }), expected: null },
      { description: 'negative: bad details.program', events: one({ details: { program: 'ftpd' } }), expected: null },
      { description: 'old timestamp (Picket: alerts when the event arrives)', events: one({}, 16), expected: alert },
      // Not in MozDef's test: the rest of its ssh_lateral.json policy, which Picket's query now carries.
      {
        description: 'negative (policy): host out of scope',
        events: one(from('user1', '10.2.3.4', 'ten-forward.enterprise.mozilla.com')),
        expected: null,
      },
      {
        description: 'negative (policy): host not in scope',
        events: one(from('user1', '10.2.3.4', 'web.example.com')),
        expected: null,
      },
      {
        description: 'negative (policy): source outside 10.0.0.0/8',
        events: one(from('user1', '192.0.2.4')),
        expected: null,
      },
      {
        description: 'negative (policy): source in a not-alert network',
        events: one(from('user1', '10.0.23.9')),
        expected: null,
      },
      {
        description: 'negative (policy): ignored user',
        events: one(from('user1@example.com', '10.2.3.4')),
        expected: null,
      },
      {
        description: 'negative (policy): kirk from his address',
        events: one(from('kirk', '10.1.1.2')),
        expected: null,
      },
      {
        description: 'negative (policy): spock on the science station from its network',
        events: one(from('spock', '10.0.52.7', 'sciencestation.enterprise.mozilla.com')),
        expected: null,
      },
      {
        description: 'spock elsewhere is outside policy',
        events: one(from('spock', '10.0.52.7')),
        expected: {
          ...alert,
          summary:
            'SSH lateral movement outside policy: access to test-host.enterprise.mozilla.com from 10.0.52.7 as spock',
        },
      },
    ],
    db,
  );
});

describe('ssh password auth violation (Picket)', () => {
  it('accepted password logins, not publickey', () => {
    const events = enrich([
      event({ hostname: 'db1', summary: 'Accepted password for bob from 198.51.100.20 port 22 ssh2' }),
      event({ hostname: 'db1', summary: 'Accepted publickey for bob from 198.51.100.21 port 22 ssh2' }),
    ]);
    expect(run('mozdef.ssh_password_auth_violation', events).summaries).toEqual([
      'SSH password authentication by bob from 198.51.100.20 to db1',
    ]);
  });
});
