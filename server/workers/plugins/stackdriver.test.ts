// The Stackdriver family in the default chain: a raw Pub/Sub LogEntry (MozDef's own test entry) is
// named by `stackdriver` and then reshaped by `stackdriver_audit` in the same pass, although the
// tag that plugin keys on is added after registration terms are taken (it also registers for pubsub).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSigma } from '../../alerts/sigma/sigma-rule.ts';
import { normalizeEvent } from '../../ingest/normalize.ts';
import { compileMatcher } from '../../store/query/index.ts';
import { Enricher } from '../enrich.ts';
import { createDefaultPlugins } from './index.ts';

type Json = Record<string, unknown>;
const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/mozdef-plugins');
const entry = (file: string, test: string) =>
  (JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Array<{ test: string; input: Json }>).find(
    (c) => c.test === test,
  )!.input;

function enrich(input: Json) {
  const r = normalizeEvent(structuredClone(input), {
    now: new Date('2019-11-22T00:00:00Z'),
    retentionDays: 36500,
    maxFutureMinutes: 60,
  });
  if (!r.ok) throw new Error(r.error);
  return new Enricher(createDefaultPlugins()).enrich([r.event])[0];
}

describe('Stackdriver entries through the default plugins', () => {
  it('an audit LogEntry from Pub/Sub becomes a data_access event with who, what and where', () => {
    const e = enrich(entry('stackdriver.json', 'TestStackDriver.test_stackdriver'))!;
    expect(e).toMatchObject({
      category: 'data_access',
      source: 'stackdriver',
      utctimestamp: '2019-11-21T22:42:25.759Z',
    });
    expect(e.tags).toEqual(expect.arrayContaining(['pubsub', 'stackdriver']));
    expect(e.summary).toBe(
      'mpurzynski@gcp.infra.mozilla.com executed beta.compute.instances.aggregatedList on projects/mcd-001-252615/global/instances',
    );
    expect(e.details).toMatchObject({
      action: 'beta.compute.instances.aggregatedList',
      projectid: 'mcd-001-252615',
      sourceipaddress: '2620:101:80fb:224:2864:cebc:a1e:640c',
    });
    expect(e.details.gaudit).toMatchObject({ methodName: 'beta.compute.instances.aggregatedList' });
    expect(e.details).not.toHaveProperty('protoPayload');
  });

  it('an entry of no kind it knows is left as ingest made it', () => {
    const input = entry('stackdriver.json', 'TestStackDriver.test_stackdriver');
    const other = {
      ...input,
      details: { ...(input.details as Json), logName: 'projects/p/logs/other', protoPayload: { '@type': 'x' } },
    };
    const e = enrich(other)!;
    expect(e.category).not.toBe('other');
    expect(e.tags).not.toContain('stackdriver');
  });
});

describe('SigmaHQ GCP audit rules read what the plugins leave', () => {
  // The SigmaHQ checkout sits beside the repository (or beside its worktrees' folder).
  const root = path.join(import.meta.dirname, '../../..');
  const rel = ['sigmahq', 'rules', 'cloud', 'gcp', 'audit', 'gcp_bucket_modified_or_deleted.yml'];
  const rulePath =
    [path.join(root, '..', 'shared', ...rel), path.join(root, '..', '..', 'shared', ...rel)].find((p) =>
      fs.existsSync(p),
    ) ?? '';
  it.skipIf(rulePath === '')(
    'gcp_bucket_modified_or_deleted fires on a bucket deletion entry, not on a read (skipped without the SigmaHQ checkout)',
    () => {
      const matches = compileMatcher(compileSigma(fs.readFileSync(rulePath, 'utf8')).query);
      const input = entry('stackdriver.json', 'TestStackDriver.test_stackdriver');
      const withMethod = (method: string) => {
        const d = structuredClone(input.details) as Json;
        (d.protoPayload as Json).methodName = method;
        return enrich({ ...input, details: d })!;
      };
      expect(matches(withMethod('storage.buckets.delete'))).toBe(true);
      expect(matches(withMethod('storage.buckets.get'))).toBe(false);
      // Before the plugins, a raw entry is not the gcp.audit logsource.
      const raw = normalizeEvent(structuredClone({ ...input, tags: [] }), {
        now: new Date('2019-11-22T00:00:00Z'),
        retentionDays: 36500,
        maxFutureMinutes: 60,
      });
      expect(raw.ok && matches(raw.event)).toBe(false);
    },
  );
});
