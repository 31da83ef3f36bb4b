// The ported MozDef rules against MozDef-shaped events.
import { describe, expect, it } from 'vitest';
import { enrich, event, run } from './catalogue-harness.ts';
import { CATALOGUE } from './index.ts';

describe('MozDef catalogue', () => {
  it('every entry is a valid rule with a unique key', () => {
    expect(new Set(CATALOGUE.map((c) => c.key)).size).toBe(CATALOGUE.length);
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(9);
  });

  it('CloudTrail logging disabled, unless the call failed', () => {
    const stop = (extra: Record<string, unknown>) =>
      event({
        category: 'cloudtrail',
        source: 'cloudtrail',
        details: {
          eventname: 'StopLogging',
          requestparameters: { name: 'main-trail' },
          useridentity: { arn: 'arn:aws:iam::1:user/eve' },
          ...extra,
        },
      });
    // MozDef's negative cases: another source, another event name, a refused call.
    const otherSource = { ...stop({}), source: 'event' };
    const { summaries } = run('mozdef.cloudtrail_logging_disabled', [
      stop({}),
      stop({ errorcode: 'AccessDenied' }),
      otherSource,
      event({ category: 'cloudtrail', source: 'cloudtrail', details: { eventname: 'Badeventname' } }),
    ]);
    expect(summaries).toEqual(['Cloudtrail Logging Disabled: main-trail']);
  });

  it('port scan: 50 distinct destination ports from one source', () => {
    const probe = (src: string, port: number) =>
      event({
        category: 'bro',
        details: { sourceipaddress: src, destinationipaddress: '10.0.0.1', destinationport: port },
      });
    const events = [
      ...Array.from({ length: 49 }, (_, i) => probe('198.51.100.50', 1000 + i)),
      ...Array.from({ length: 60 }, () => probe('198.51.100.51', 443)),
      ...Array.from({ length: 50 }, (_, i) => probe('198.51.100.52', i + 1)),
    ];
    expect(run('mozdef.portscan', events).summaries).toEqual(['Port scan: 198.51.100.52 probed 50 ports on 10.0.0.1']);
  });
});
