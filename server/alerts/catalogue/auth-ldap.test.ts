// MozDef's tests of its LDAP alerts (test_ldap_add, test_ldap_delete, test_ldap_group,
// test_ldap_bruteforce_user; ldap_lockout has none in MozDef, its cases here are ours) as tables.
// "old timestamp" cases: MozDef searched back from its run, Picket evaluates each event as it is
// stored, so an old event alerts when it arrives.
import { describe } from 'vitest';
import { itRaises, setupEventsTable, mozdefEvent, mozdefEvents, type ExpectedAlert } from './auth-harness.ts';

const db = setupEventsTable();

const ACTOR = 'dc=example mail=user_la@example.com,o=com,dc=example IP=1.2.3.4:49818 conn=527493';

function changeCases(key: string, changetype: 'add' | 'delete', verb: string) {
  const base = {
    summary: `${ACTOR} ${changetype} cn=example_cn,ou=groups,dc=example`,
    details: { dn: 'cn=example_cn,ou=groups,dc=example', changetype, actor: ACTOR },
    category: 'ldapChange',
    processid: '1697',
    severity: 'INFO',
  };
  const one = (over: Record<string, unknown> = {}, ago = 0) => [mozdefEvent([base, over], ago)];
  const alert: ExpectedAlert = {
    category: 'ldap',
    tags: ['ldap'],
    severity: 'INFO',
    summary: `${ACTOR} ${verb} cn=example_cn,ou=groups,dc=example`,
  };
  itRaises(
    key,
    [
      { description: 'default event', events: one(), expected: alert },
      { description: 'event a minute earlier', events: one({}, 1), expected: alert },
      { description: 'negative: bad category', events: one({ category: 'badcategory' }), expected: null },
      {
        description: 'negative: other change type',
        events: one({ details: { changetype: changetype === 'add' ? 'delete' : 'add' } }),
        expected: null,
      },
      {
        description: 'negative: bind account',
        events: one({
          details: { actor: 'dc=example uid=bind-generate-groups,ou=logins,dc=example IP=1.2.3.4:49818 conn=527493' },
        }),
        expected: null,
      },
      {
        description: 'old timestamp (Picket: alerts when the event arrives)',
        events: one({}, 25 * 60),
        expected: alert,
      },
    ],
    db,
  );
}

describe('ldap_add', () => changeCases('mozdef.ldap_add', 'add', 'added'));
describe('ldap_delete', () => changeCases('mozdef.ldap_delete', 'delete', 'deleted'));

describe('ldap_group', () => {
  const base = {
    summary:
      'mail=user_la@example.com,o=com,dc=example modify cn=example_cn,ou=groups,dc=example add:memberUid: anotheruser@example.com',
    details: {
      dn: 'cn=example_cn,ou=groups,dc=example',
      changetype: 'modify',
      actor: 'mail=user_la@example.com,o=com,dc=example',
      email: 'user_la@example.com',
      username: 'user_la',
    },
    category: 'ldapChange',
    processid: '1697',
    severity: 'INFO',
  };
  const one = (over: Record<string, unknown> = {}, ago = 0) => [mozdefEvent([base, over], ago)];
  const alert: ExpectedAlert = {
    category: 'ldap',
    tags: ['ldap'],
    severity: 'INFO',
    summary: 'LDAP group change initiated by user_la@example.com',
  };
  itRaises(
    'mozdef.ldap_group',
    [
      { description: 'default event', events: one(), expected: alert },
      { description: 'event a minute earlier', events: one({}, 1), expected: alert },
      { description: 'negative: bad category', events: one({ category: 'badcategory' }), expected: null },
      { description: 'negative: change type add', events: one({ details: { changetype: 'add' } }), expected: null },
      {
        description: 'negative: bind account',
        events: one({ details: { actor: 'uid=bind-generate-groups,ou=logins,ou=logins,dc=example' } }),
        expected: null,
      },
      {
        description: 'old timestamp (Picket: alerts when the event arrives)',
        events: one({}, 25 * 60),
        expected: alert,
      },
      // MozDef's case nests the pair in a list of lists, which Elasticsearch flattens; Picket's query
      // language reads arrays one level deep (in SQL, memory and the search engine alike), so the
      // nested form is not excluded. Picket: alerts. The flat form is excluded.
      {
        description: 'a member removed, nested pairs (Picket: alerts)',
        events: one({
          details: { changepairs: [['delete:member', 'cn=test@mozilla.com,ou=distribution_lists,dc=mozilla']] },
        }),
        expected: alert,
      },
      {
        description: 'negative: a member removed',
        events: one({
          details: { changepairs: ['delete:member', 'cn=test@mozilla.com,ou=distribution_lists,dc=mozilla'] },
        }),
        expected: null,
      },
      // Ours: several changes by one person within 15 minutes are one alert (MozDef: one per run).
      {
        description: 'one alert for several changes by one person',
        events: [...one(), ...one({}, -1)],
        expected: alert,
      },
    ],
    db,
  );
});

describe('ldap_lockout', () => {
  const base = {
    category: 'ldapChange',
    details: {
      actor: 'cn=admin,dc=mozilla',
      changepairs: ['replace:pwdAccountLockedTime'],
      dn: 'mail=jsmith@example.com,o=com,dc=example',
    },
  };
  const one = (over: Record<string, unknown> = {}) => [mozdefEvent([base, over])];
  itRaises(
    'mozdef.ldap_lockout',
    [
      {
        description: 'the admin locks an account',
        events: one(),
        expected: {
          category: 'ldap',
          tags: ['ldap'],
          severity: 'NOTICE',
          summary: 'mail=jsmith@example.com,o=com,dc=example LDAP account locked',
        },
      },
      {
        description: 'negative: another actor',
        events: one({ details: { actor: 'cn=someone,dc=mozilla' } }),
        expected: null,
      },
      {
        description: 'negative: another change',
        events: one({ details: { changepairs: ['replace:pwdChangedTime'] } }),
        expected: null,
      },
      { description: 'negative: bad category', events: one({ category: 'ldap' }), expected: null },
    ],
    db,
  );
});

describe('ldap_bruteforce_user', () => {
  const base = {
    category: 'ldap',
    details: {
      client: '1.2.3.4',
      requests: [{ verb: 'BIND', details: ['method=128dn="mail=jsmith@example.com,o=com,dc=example"'] }],
      server: 'ldap.example.com',
      user: 'jsmith@example.com',
      response: { error: 'LDAP_INVALID_CREDENTIALS' },
    },
  };
  const alert: ExpectedAlert = {
    category: 'bruteforce',
    tags: ['ldap'],
    severity: 'WARNING',
    summary:
      'LDAP Bruteforce Attack in Progress against user (jsmith@example.com) from the following source ip(s): 1.2.3.4',
  };
  const fromTwelve = Array.from({ length: 12 }, (_, i) =>
    mozdefEvent([base, { details: { client: `10.0.0.${i + 1}` } }]),
  );
  itRaises(
    'mozdef.ldap_bruteforce_user',
    [
      { description: '10 events', events: mozdefEvents(10, [base]), expected: alert },
      { description: '2 events', events: mozdefEvents(2, [base]), expected: alert },
      {
        description: 'negative: LDAP_SUCCESS',
        events: mozdefEvents(10, [base, { details: { response: { error: 'LDAP_SUCCESS' } } }]),
        expected: null,
      },
      { description: 'negative: bad category', events: mozdefEvents(10, [base, { category: 'bad' }]), expected: null },
      {
        description: 'old timestamp (Picket: alerts when the events arrive)',
        events: mozdefEvents(10, [base], 241),
        expected: alert,
      },
      // Ours: the configuration MozDef's test leaves out.
      {
        description: 'negative (config): an excluded server',
        events: mozdefEvents(3, [base, { details: { server: 'foo.example.com' } }]),
        expected: null,
      },
      {
        description: 'negative (config): empty user',
        events: mozdefEvents(3, [base, { details: { user: '' } }]),
        expected: null,
      },
      // Threshold 1: the first failure alerts, with its address; the window's later ones are quiet.
      {
        description: 'twelve addresses: the first one alerts',
        events: fromTwelve,
        expected: { ...alert, summary: alert.summary.replace('1.2.3.4', '10.0.0.1') },
      },
    ],
    db,
  );
});
