// MozDef's tests of its Auth0, Duo and triage bot alerts (test_auth0_bruteforce_user,
// test_auth0_vertical_password_guessing, test_duo_authfail, test_duo_fail_open,
// test_triagebot_escalation) as tables; MozDef has no tests for vpn_duo_auth_failures and the Bro
// notice alerts, their cases here are ours. "old timestamp": MozDef searched back from its run,
// Picket evaluates each event as it is stored, so old events alert when they arrive.
import { describe, expect, it } from 'vitest';
import { itRaises, setupEventsTable, mozdefEvent, mozdefEvents, type ExpectedAlert } from './auth-harness.ts';
import { raised } from './catalogue-harness.ts';
import { CATALOGUE } from './index.ts';

const db = setupEventsTable();

const auth0 = {
  details: {
    connection: 'Mozilla-LDAP',
    description: 'Wrong email or password.',
    eventname: 'Failed Login (wrong password)',
    sourceipaddress: '1.1.1.1',
    success: false,
    useragent: 'Firefox 80.0.0 / Windows 10.0.0',
    userid: 'ad|foo',
    username: 'foo@mozilla.com',
  },
  category: 'authentication',
  severity: 'ERROR',
  summary: 'Failed Login (wrong password) Wrong email or password. by foo@mozilla.com',
  tags: ['auth0'],
  type: 'event',
};

describe('auth0_bruteforce_user', () => {
  const alert: ExpectedAlert = {
    category: 'bruteforce',
    tags: ['auth0'],
    severity: 'WARNING',
    summary:
      'Auth0 Username/Password Bruteforce Attack in Progress against user (foo@mozilla.com) from the following source ip(s): 1.1.1.1',
  };
  itRaises(
    'mozdef.auth0_bruteforce_user',
    [
      { description: '10 events', events: mozdefEvents(10, [auth0]), expected: alert },
      { description: '2 events', events: mozdefEvents(2, [auth0]), expected: alert },
      {
        description: 'negative: successful login',
        events: mozdefEvents(10, [auth0, { details: { eventname: 'Success Login' } }]),
        expected: null,
      },
      { description: 'negative: bad tags', events: mozdefEvents(10, [auth0, { tags: ['bad'] }]), expected: null },
      {
        description: 'old timestamp (Picket: alerts when the events arrive)',
        events: mozdefEvents(10, [auth0], 241),
        expected: alert,
      },
    ],
    db,
  );
});

describe('auth0_vertical_password_guessing', () => {
  const bar = { details: { sourceipaddress: '1.1.1.2', username: 'bar' } };
  const both = (over: Record<string, unknown> = {}, ago = 0) => [
    ...mozdefEvents(5, [auth0, over], ago),
    ...mozdefEvents(5, [auth0, bar, over], ago),
  ];
  const alert: ExpectedAlert = {
    category: 'bruteforce',
    tags: ['auth0'],
    severity: 'WARNING',
    summary:
      'Auth0 Username/Password Vertical Password Guessing Attack in Progress against 2 users from 2 unique source ip(s)',
  };
  itRaises(
    'mozdef.auth0_vertical_password_guessing',
    [
      { description: 'two users', events: both(), expected: alert },
      { description: 'negative: one user', events: mozdefEvents(5, [auth0]), expected: null },
      {
        description: 'negative: successful logins',
        events: both({ details: { eventname: 'Success Login' } }),
        expected: null,
      },
      { description: 'negative: bad tags', events: both({ tags: ['bad'] }), expected: null },
      { description: 'old timestamp (Picket: alerts when the events arrive)', events: both({}, 241), expected: alert },
    ],
    db,
  );
});

describe('duo_authfail', () => {
  const base = {
    category: 'authentication',
    summary: 'authentication FRAUD for you@somewhere.com',
    details: { sourceipaddress: '1.2.3.4', username: 'you@somewhere.com', result: 'fraud' },
  };
  const one = (over: Record<string, unknown> = {}, ago = 0) => [mozdefEvent([base, over], ago)];
  // MozDef's alert also carried "url": "https://www.mozilla.org" (duo_authfail.conf); Picket alerts have no url.
  const alert: ExpectedAlert = {
    category: 'duosecurity',
    tags: ['duosecurity', 'duosecurity_auth_fail'],
    severity: 'WARNING',
    summary:
      'Duo Authentication Failure: user you@somewhere.com rejected and marked a Duo Authentication attempt from 1.2.3.4 as fraud',
  };
  itRaises(
    'mozdef.duo_authfail',
    [
      { description: 'default event', events: one(), expected: alert },
      { description: 'event a minute earlier', events: one({}, 1), expected: alert },
      { description: 'negative: bad category', events: one({ category: 'badcategory' }), expected: null },
      { description: 'negative: result SUCCESS', events: one({ details: { result: 'SUCCESS' } }), expected: null },
      {
        description: 'negative: no source address',
        events: one({ details: { sourceipaddress: null } }),
        expected: null,
      },
      { description: 'negative: no username', events: one({ details: { username: null } }), expected: null },
      { description: 'old timestamp (Picket: alerts when the event arrives)', events: one({}, 16), expected: alert },
    ],
    db,
  );
});

describe('duo_fail_open', () => {
  const base = { summary: 'Failsafe Duo login by 1.2.3.4' };
  const alert: ExpectedAlert = {
    category: 'bypass',
    tags: ['openvpn', 'duosecurity'],
    severity: 'WARNING',
    summary: 'DuoSecurity contact failed, fail open triggered on exhostname',
  };
  itRaises(
    'mozdef.duo_fail_open',
    [
      { description: '10 events', events: mozdefEvents(10, [base]), expected: alert },
      { description: '1 event', events: mozdefEvents(1, [base]), expected: alert },
      { description: 'events 14 minutes old', events: mozdefEvents(10, [base], 14), expected: alert },
      {
        description: 'negative: bad summary',
        events: mozdefEvents(10, [{ summary: 'bad summary example' }]),
        expected: null,
      },
      {
        description: 'old timestamp (Picket: alerts when the events arrive)',
        events: mozdefEvents(10, [base], 16),
        expected: alert,
      },
    ],
    db,
  );
  it('one alert per host for 10 events within 15 minutes (MozDef: one per run)', async () => {
    expect(await raised('mozdef.duo_fail_open', mozdefEvents(10, [base]))).toHaveLength(1);
  });
});

describe('vpn_duo_auth_failures (ours)', () => {
  const base = {
    category: 'event',
    tags: ['duosecurity'],
    details: { integration: 'global and external openvpn', result: 'FAILURE', username: 'jdoe', ip: '203.0.113.7' },
  };
  const alert: ExpectedAlert = {
    category: 'openvpn',
    tags: ['vpn', 'auth', 'duo'],
    severity: 'NOTICE',
    summary: '5 openvpn authentication attempts by jdoe 203.0.113.7 (3 hits) 203.0.113.8 (2 hits)',
  };
  const five = [...mozdefEvents(3, [base]), ...mozdefEvents(2, [base, { details: { ip: '203.0.113.8' } }])];
  itRaises(
    'mozdef.vpn_duo_auth_failures',
    [
      { description: '5 failures of one user', events: five, expected: alert },
      { description: 'negative: 4 failures', events: mozdefEvents(4, [base]), expected: null },
      {
        description: 'negative: another integration',
        events: mozdefEvents(5, [base, { details: { integration: 'admin panel' } }]),
        expected: null,
      },
      {
        description: 'negative: successes',
        events: mozdefEvents(5, [base, { details: { result: 'SUCCESS' } }]),
        expected: null,
      },
    ],
    db,
  );
});

describe('Bro notices (ours)', () => {
  const cases: Array<[string, string, string, string]> = [
    ['mozdef.http_auth_bruteforce', 'AuthBruteforcing::HTTP_AuthBruteforcing_Attacker', 'httperrors', 'WARNING'],
    ['mozdef.http_errors', 'MozillaHTTPErrors::Excessive_HTTP_Errors_Attacker', 'httperrors', 'WARNING'],
    ['mozdef.bugzilla_auth_bruteforce', 'BugzBruteforcing::HTTP_BugzBruteforcing_Attacker', 'httperrors', 'NOTICE'],
    ['mozdef.ssh_bruteforce_bro', 'SSH::Password_Guessing', 'bruteforce', 'NOTICE'],
  ];
  for (const [key, note, category, severity] of cases) {
    const base = {
      category: 'bro',
      source: 'notice',
      hostname: 'nsm1',
      summary: `198.51.100.4 ${note}`,
      details: { note },
    };
    itRaises(
      key,
      [
        {
          description: 'the notice',
          events: [mozdefEvent([base])],
          expected: { category, severity, tags: ['http'], summary: `nsm1 198.51.100.4 ${note}` },
        },
        {
          description: 'negative: another note',
          events: [mozdefEvent([base, { details: { note: 'Scan::Port_Scan' } }])],
          expected: null,
        },
        { description: 'negative: not a notice', events: [mozdefEvent([base, { source: 'conn' }])], expected: null },
      ],
      db,
    );
  }
});

describe('triagebot_escalation', () => {
  const base = {
    hostname: 'UNKNOWN',
    details: {
      identifier: 'UdEkkIEJFXEy54grVnfy',
      identityConfidence: 'low',
      email: 'test@testerson.com',
      slack: 'U4J8Z3DJT',
      userresponse: 'no',
    },
    category: 'triagebot',
    summary: 'TriageBot Response: no from: test@testerson.com',
  };
  const alert = (id: string): ExpectedAlert => ({
    category: 'access',
    severity: 'INFO',
    summary: `TriageBot Escalation for event: ${id} sent to PagerDuty per 'NO' response from User: test@testerson.com`,
    tags: ['triagebot_escalation'],
  });
  const one = (over: Record<string, unknown> = {}) => [mozdefEvent([base, over])];
  itRaises(
    'mozdef.triagebot_escalation',
    [
      { description: 'default event', events: one(), expected: alert('UdEkkIEJFXEy54grVnfy') },
      {
        description: 'another identifier',
        events: one({ details: { identifier: 'AbDpsIOPERXEy54grVnfy' } }),
        expected: alert('AbDpsIOPERXEy54grVnfy'),
      },
      { description: "negative: response 'yes'", events: one({ details: { userresponse: 'yes' } }), expected: null },
      { description: 'negative: no email', events: one({ details: { email: null } }), expected: null },
      { description: 'negative: bad category', events: one({ category: 'bad' }), expected: null },
    ],
    db,
  );
  it('ships disabled, saying why', () => {
    const rule = CATALOGUE.find((c) => c.key === 'mozdef.triagebot_escalation')!.rule;
    expect(rule.enabled).toBe(false);
    expect(rule.disabledReason).toMatch(/triage bot/);
  });
});
