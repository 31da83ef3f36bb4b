// MozDef's tests of session_opened_sensitive_user and geomodel_location, over the code rules that
// ship with Picket (server/alerts/catalogue/modules/), loaded the way the engine loads them.
import { describe, expect, it } from 'vitest';
import {
  itRaises,
  setupEventsTable,
  MOZDEF_NOW,
  mozdefEvent,
  mozdefEvents,
  type ExpectedAlert,
} from './auth-harness.ts';
import { raised } from './catalogue-harness.ts';

const db = setupEventsTable();

describe('session_opened_sensitive_user', () => {
  const base = {
    category: 'syslog',
    hostname: 'exhostname',
    summary: 'pam_unix(sshd:session): session opened for user user1 by (uid=0)',
    details: { program: 'sshd' },
  };
  const ten = (over: Record<string, unknown> = {}, ago = 0) => mozdefEvents(10, [base, over], ago);
  // MozDef raised one alert for its run's 10 events: "... sample hosts: exhostname [total 10 hosts]"
  // (the total counts events). Picket: the first session alerts at once, "[total 1 hosts]", and the
  // rule is quiet for the next 10 minutes.
  const alert = (host = 'exhostname'): ExpectedAlert => ({
    category: 'session',
    severity: 'WARNING',
    tags: ['pam', 'syslog'],
    summary: `Session opened by a sensitive user outside of the expected window - sample hosts: ${host} [total 1 hosts]`,
  });
  const manyHosts = ten();
  manyHosts.forEach((e, i) => {
    e.hostname = `host${i}`;
  });
  // 03:45:30 on MozDef's test day, inside the expected period.
  const at0345 = (MOZDEF_NOW - Date.parse('2017-01-01T03:45:30Z')) / 60_000;
  itRaises(
    'mozdef.session_opened_sensitive_user',
    [
      { description: 'default events', events: ten(), expected: alert() },
      { description: 'events a minute earlier', events: ten({}, 1), expected: alert() },
      {
        description: 'user2',
        events: ten({ summary: 'pam_unix(sshd:session): session opened for user user2 by (uid=0)' }),
        expected: alert(),
      },
      {
        description: 'user1',
        events: ten({ summary: 'pam_unix(sshd:session): session opened for user user1 by (uid=0)' }),
        expected: alert(),
      },
      { description: 'ten hosts (Picket: the first host)', events: manyHosts, expected: alert('host0') },
      {
        description: 'negative: another user',
        events: ten({ summary: 'pam_unix(sshd:session): session opened for user user3 by (uid=0)' }),
        expected: null,
      },
      { description: 'negative: inside the expected period', events: ten({}, at0345), expected: null },
      { description: "negative: summary 'login failed'", events: ten({ summary: 'login failed' }), expected: null },
      { description: 'negative: wrong category', events: ten({ category: 'badcategory' }), expected: null },
      { description: 'negative: wrong program', events: ten({ details: { program: 'ssh' } }), expected: null },
      {
        description: "negative: 'session closed'",
        events: ten({ summary: 'pam_unix(sshd:session): session closed for user user1 by (uid=0)' }),
        expected: null,
      },
      { description: 'old timestamp (Picket: alerts when the events arrive)', events: ten({}, 15), expected: alert() },
    ],
    db,
  );
  it('one alert for ten sessions within 10 minutes', async () => {
    expect(await raised('mozdef.session_opened_sensitive_user', ten())).toHaveLength(1);
  });
});

describe('geomodel_location', () => {
  // MozDef kept each user's localities in an index between runs (the "state" of its tests); Picket's
  // memory is the rule's one-day window, so a test state becomes an earlier event of the user.
  const place = (city: string, country: string, latitude: number, longitude: number) => ({
    city,
    country_code: country,
    latitude,
    longitude,
  });
  const TORONTO = place('Toronto', 'CA', 43.6529, -79.3849);
  const SF = place('San Francisco', 'US', 37.773972, -122.431297);
  const act = (user: string, ip: string, geo: Record<string, unknown>, minutesAgo: number, tags = ['auth0']) =>
    mozdefEvent([{ tags, details: { sourceipaddress: ip, username: user, sourceipgeolocation: geo } }], minutesAgo);
  const alert = (summary: string): ExpectedAlert => ({
    category: 'geomodel',
    severity: 'INFO',
    tags: ['geomodel'],
    summary,
  });
  const SF_TORONTO = 'tester1 seen in San Francisco,US then Toronto,CA (3645.78 KM in 16.00 minutes)';

  itRaises(
    'mozdef.geomodel_location',
    [
      {
        description: 'impossible travel between two localities',
        events: [act('tester1', '4.3.2.1', SF, 16), act('tester1', '1.2.3.4', TORONTO, 0)],
        expected: alert(SF_TORONTO),
      },
      // tester2's Toronto state is 50 hours old, outside the one-day memory either way.
      {
        description: 'negative: locality did not change',
        events: [act('tester2', '2.4.8.16', TORONTO, 50 * 60), act('tester2', '4.3.2.1', TORONTO, 0)],
        expected: null,
      },
      {
        description: 'two events in the window with different locations',
        events: [act('tester1', '5.6.7.8', TORONTO, 4), act('tester1', '1.2.3.4', SF, 1)],
        expected: alert('tester1 seen in Toronto,CA then San Francisco,US (3645.78 KM in 3.00 minutes)'),
      },
      {
        description: 'negative: within the same actual city',
        events: [
          act('tester1', '1.2.3.4', place('Sherbrooke', 'CA', 45.3397, -72.013), 0),
          act('tester1', '5.6.7.8', place('Sherbrooke', 'CA', 45.3879, -71.8988), 0),
        ],
        expected: null,
      },
      {
        description: 'negative: the previous locality expired',
        events: [act('tester1', '4.3.2.1', SF, 2 * 24 * 60), act('tester1', '1.2.3.4', TORONTO, 0)],
        expected: null,
      },
      {
        description: 'negative: different addresses, same location',
        events: [act('tester1', '1.2.3.4', TORONTO, 10), act('tester1', '5.6.7.8', TORONTO, 0)],
        expected: null,
      },
      {
        description: 'negative: not Auth0 activity',
        events: [act('tester1', '4.3.2.1', SF, 16, ['vpn']), act('tester1', '1.2.3.4', TORONTO, 0, ['vpn'])],
        expected: null,
      },
    ],
    db,
  );

  it('two impossible journeys: one alert per hop (MozDef: one alert listing both hops)', async () => {
    const events = [
      act('tester1', '1.2.3.4', place('Portland', 'US', 45.5234, -122.6762), 5),
      act('tester1', '5.4.3.2', place('Toronto', 'CA', 43.6529, -79.3843), 2),
      act('tester1', '12.34.45.56', place('Saint Petersburg', 'RU', 59.9343, 30.3351), 0),
    ];
    const alerts = await raised('mozdef.geomodel_location', events);
    expect(alerts.map((a) => a.summary)).toEqual([
      'tester1 seen in Portland,US then Toronto,CA (3393.90 KM in 3.00 minutes)',
      'tester1 seen in Toronto,CA then Saint Petersburg,RU (6855.53 KM in 2.00 minutes)',
    ]);
    expect(alerts[1].details).toEqual({
      username: 'tester1',
      sourceipaddress: '12.34.45.56',
      sourceipv4address: '12.34.45.56',
      factors: [],
      hops: [
        {
          origin: {
            ip: '5.4.3.2',
            city: 'Toronto',
            country: 'CA',
            latitude: 43.6529,
            longitude: -79.3843,
            observed: events[1].utctimestamp,
            geopoint: '43.6529,-79.3843',
          },
          destination: {
            ip: '12.34.45.56',
            city: 'Saint Petersburg',
            country: 'RU',
            latitude: 59.9343,
            longitude: 30.3351,
            observed: events[2].utctimestamp,
            geopoint: '59.9343,30.3351',
          },
        },
      ],
    });
    // Each alert is about the action that arrived somewhere impossible.
    expect(alerts.map((a) => a.events.map((e) => e.id))).toEqual([[events[1].id], [events[2].id]]);
  });

  it('a return to where the user was is compared with where they went, not with where they were', async () => {
    // SF, then Toronto 16 minutes later (alert), then Toronto again: the last place is Toronto now.
    const events = [
      act('tester1', '4.3.2.1', SF, 30),
      act('tester1', '1.2.3.4', TORONTO, 14),
      act('tester1', '1.2.3.5', TORONTO, 0),
    ];
    expect((await raised('mozdef.geomodel_location', events)).map((a) => a.summary)).toEqual([
      'tester1 seen in San Francisco,US then Toronto,CA (3645.78 KM in 16.00 minutes)',
    ]);
  });
});
