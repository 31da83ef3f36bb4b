// MozDef guard_duty_probe on what the guardDuty plugin makes of MozDef's own port-probe finding.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { enrich, event, run } from './catalogue-harness.ts';

type Json = Record<string, unknown>;
const cases = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/mozdef-plugins/guardduty.json'), 'utf8'),
) as Array<{ test: string; input: Json }>;
const finding = (test: string) => cases.find((c) => c.test === test)!.input;

function shipped(input: Json) {
  return event({
    source: 'guardduty',
    summary: String(input.summary),
    tags: input.tags as string[],
    details: structuredClone(input.details) as Json,
  });
}

describe('GuardDuty port probe (mozdef.guard_duty_probe)', () => {
  it('fires on an enriched port-probe finding, grouped by the prober, not on other findings', () => {
    const probe = shipped(finding('TestGuardDuty.test_defaults'));
    const rdp = shipped(finding('TestGuardDuty.test_rdpbruteforce'));
    const tor = shipped(finding('TestGuardDuty.test_torinbound'));
    const { firings, summaries } = run('mozdef.guard_duty_probe', enrich([probe, rdp, tor]));
    expect(summaries).toEqual(['Guard Duty Port Probe by 211.44.226.158']);
    expect(firings[0].groupKey).toBe('211.44.226.158');
  });

  it('the raw finding (not through the plugin) does not match', () => {
    expect(run('mozdef.guard_duty_probe', [shipped(finding('TestGuardDuty.test_defaults'))]).firings).toEqual([]);
  });
});
