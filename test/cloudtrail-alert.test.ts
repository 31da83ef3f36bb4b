// The migration promise for CloudTrail: a raw StopLogging record as AWS writes it (camelCase) and
// a MozDef-shaped one both raise MozDef's "Cloudtrail Logging Disabled: <trail>" CRITICAL alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, until } from './alerts-api.ts';
import { startTestServer, type TestServer } from './server-harness.ts';

describe('CloudTrail logging disabled (MozDef catalogue)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.stop());

  it('fires for the raw AWS record and for the MozDef-shaped event, CRITICAL with MozDef summary and tags', async () => {
    const time = new Date(Date.now() - 30_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const raw = {
      eventVersion: '1.08',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111122223333:user/eve',
        accountId: '111122223333',
        userName: 'eve',
      },
      eventTime: time,
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.50',
      requestParameters: { name: 'raw-trail' },
      responseElements: null,
      eventType: 'AwsApiCall',
    };
    const shaped = {
      source: 'cloudtrail',
      category: 'AWSCloudtrail',
      summary: 'StopLogging',
      utctimestamp: time,
      details: { eventname: 'StopLogging', requestparameters: { name: 'mozdef-trail' } },
    };
    const denied = { ...raw, requestParameters: { name: 'denied-trail' }, errorCode: 'AccessDenied' };
    const res = await fetch(`${s.url}/events`, { method: 'POST', body: JSON.stringify([raw, shaped, denied]) });
    expect(await res.json()).toEqual({ accepted: 3, rejected: [] });
    const alerts = await until(async () => {
      const r = await api(s, 'GET', `/alerts?q=${encodeURIComponent('category:AWSCloudtrail')}&size=50`);
      const list = r.body.alerts as Array<Record<string, unknown>>;
      return list.length >= 2 ? list : undefined;
    }, 'two CloudTrail alerts');
    expect(alerts.map((a) => a.summary).sort()).toEqual([
      'Cloudtrail Logging Disabled: mozdef-trail',
      'Cloudtrail Logging Disabled: raw-trail',
    ]);
    for (const a of alerts) {
      expect(a.severity).toBe('CRITICAL');
      expect(a.tags).toEqual(['cloudtrail', 'aws', 'cloudtrail_logging_disabled']);
    }
  });
});
