// MozDef's tests/mq/plugins/test_cloudtrail.py and test_lower_keys.py, translated: same input, same
// output. MozDef's plugins took the whole message; here the message's `details` is the event's.
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { normalizeEvent } from '../../ingest/normalize.ts';
import { Enricher } from '../enrich.ts';
import { fixCloudtrail, shapeCloudtrailRecord } from './cloudtrail.ts';
import { createDefaultPlugins } from './index.ts';
import { lowerKeys } from './lower-keys.ts';
import { pythonJsonDumps } from './python-json.ts';

function ev(over: Partial<PicketEvent>): PicketEvent {
  return {
    id: 'x',
    utctimestamp: '',
    receivedtimestamp: '',
    category: 'UNKNOWN',
    source: 'UNKNOWN',
    hostname: 'UNKNOWN',
    processname: 'UNKNOWN',
    processid: 'UNKNOWN',
    severity: 'INFO',
    summary: 'UNKNOWN',
    tags: [],
    details: {},
    ...over,
  };
}

const OBJ = { afieldname: 'astringvalue' };
const OBJ_JSON = '{"afieldname": "astringvalue"}';

describe('MozDef cloudtrail plugin', () => {
  it('leaves other sources and bad details alone', () => {
    expect(fixCloudtrail(ev({ category: 'someother' })).details).toEqual({});
    expect(
      fixCloudtrail(ev({ source: 'someother', details: { requestparameters: { description: OBJ } } })).details,
    ).toEqual({ requestparameters: { description: OBJ } });
  });

  // [test name, details in, details out]
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    [
      'iamInstanceProfile',
      { requestparameters: { iaminstanceprofile: OBJ } },
      { requestparameters: { iaminstanceprofile: { raw_value: OBJ_JSON } } },
    ],
    [
      'attribute',
      { requestparameters: { attribute: OBJ } },
      { requestparameters: { attribute: { raw_value: OBJ_JSON } } },
    ],
    [
      'description',
      { requestparameters: { description: OBJ } },
      { requestparameters: { description: { raw_value: OBJ_JSON } } },
    ],
    ['filter', { requestparameters: { filter: OBJ } }, { requestparameters: { filter: { raw_value: OBJ_JSON } } }],
    ['role', { responseelements: { role: OBJ } }, { responseelements: { role: { raw_value: OBJ_JSON } } }],
    ['additionaleventdata', { additionaleventdata: OBJ }, { additionaleventdata: { raw_value: OBJ_JSON } }],
    ['serviceeventdetails', { serviceeventdetails: OBJ }, { serviceeventdetails: { raw_value: OBJ_JSON } }],
    [
      'rule',
      { requestparameters: { rule: 'astringvalue' } },
      { requestparameters: { rule: { raw_value: '"astringvalue"' } } },
    ],
    ['subnets', { responseelements: { subnets: OBJ } }, { responseelements: { subnets: { raw_value: OBJ_JSON } } }],
    [
      'endpoint',
      { responseelements: { endpoint: 'astringvalue' } },
      { responseelements: { endpoint: { raw_value: '"astringvalue"' } } },
    ],
    [
      'ebs_optimized',
      { requestparameters: { ebsoptimized: false } },
      { requestparameters: { ebsoptimized: { raw_value: 'false' } } },
    ],
    [
      'securityGroups',
      { responseelements: { securitygroups: ['astringvalue', 'anotherstringvalue'] } },
      { responseelements: { securitygroups: { raw_value: '["astringvalue", "anotherstringvalue"]' } } },
    ],
    [
      'disableApiTermination',
      { requestparameters: { disableapitermination: false } },
      { requestparameters: { disableapitermination: { raw_value: 'false' } } },
    ],
    [
      'responseelements_lastModified',
      { responseelements: { lastmodified: 'astringvalue' } },
      { responseelements: { lastmodified: { raw_value: '"astringvalue"' } } },
    ],
    [
      'unusual',
      { responseelements: { findings: { service: { additionalinfo: { unusual: OBJ } } } } },
      { responseelements: { findings: { service: { additionalinfo: { unusual: { raw_value: OBJ_JSON } } } } } },
    ],
  ];
  for (const [name, input, output] of cases) {
    it(`test_${name}`, () => {
      expect(fixCloudtrail(ev({ source: 'cloudtrail', details: structuredClone(input) })).details).toEqual(output);
    });
  }

  it('cuts requestparameters.htmlpart to 4095 characters', () => {
    const e = fixCloudtrail(
      ev({ source: 'cloudtrail', details: { requestparameters: { htmlpart: 'x'.repeat(40_000) } } }),
    );
    expect((e.details.requestparameters as Record<string, string>).htmlpart.length).toBe(4095);
  });

  it('writes JSON text as Python does', () => {
    expect(pythonJsonDumps({ a: [1, null, true], b: 'é"' })).toBe('{"a": [1, null, true], "b": "\\u00e9\\""}');
  });
});

describe('MozDef lower_keys plugin', () => {
  it('test_uppercase_nested_keys2: renames every key below details', () => {
    const e = lowerKeys(
      ev({
        source: 'cloudtrail',
        details: {
          RequestParameters: { Description: 'astringvalue', ApplicationSource: { 'someKey:': 'anothervalue' } },
          List: [{ InList: 1 }],
        },
      }),
    );
    expect(e.details).toEqual({
      requestparameters: { description: 'astringvalue', applicationsource: { 'somekey:': 'anothervalue' } },
      list: [{ inlist: 1 }],
    });
  });

  it('keeps a key that lowers to __proto__ as data', () => {
    const e = lowerKeys(ev({ details: JSON.parse('{"__PROTO__":{"x":1}}') }));
    expect(Object.hasOwn(e.details, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('a raw CloudTrail record', () => {
  const stopLogging = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDA1',
      arn: 'arn:aws:iam::111122223333:user/eve',
      accountId: '111122223333',
      userName: 'eve',
    },
    eventTime: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.50',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/main-trail' },
    responseElements: null,
    requestID: 'r-1',
    eventID: 'e-1',
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };

  it('is shaped like MozDef stored it: source and category cloudtrail, lower-case keys, IP normalized', () => {
    const n = normalizeEvent(structuredClone(stopLogging), {
      now: new Date(),
      retentionDays: 90,
      maxFutureMinutes: 1440,
    });
    if (!n.ok) throw new Error(n.error);
    const [e] = new Enricher(createDefaultPlugins(), { warn: () => undefined }).enrich([n.event]);
    expect(e).toMatchObject({
      source: 'cloudtrail',
      category: 'cloudtrail',
      hostname: 'cloudtrail.amazonaws.com',
      summary: 'StopLogging cloudtrail.amazonaws.com',
    });
    expect(e.details).toMatchObject({
      eventname: 'StopLogging',
      eventtype: 'AwsApiCall',
      sourceipaddress: '203.0.113.50',
      requestparameters: { name: stopLogging.requestParameters.name },
      useridentity: { arn: stopLogging.userIdentity.arn },
    });
    expect(Object.keys(e.details).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('is left alone when it already names its source', () => {
    const e = shapeCloudtrailRecord(
      ev({ source: 'aws', details: { eventSource: 'ec2.amazonaws.com', eventName: 'x', eventVersion: '1' } }),
    );
    expect(e.source).toBe('aws');
  });
});
