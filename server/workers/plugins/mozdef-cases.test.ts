// MozDef's own unit-test events for the ported mq/plugins, with what MozDef's plugin returned for
// each (test/fixtures/mozdef-plugins): the same input, normalized as Picket's ingest does, must give
// the same output fields through the ported plugin, and reach it through its registration.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { normalizeEvent } from '../../ingest/normalize.ts';
import { Enricher } from '../enrich.ts';
import type { EnrichmentPlugin } from '../plugin.ts';
import { createGithubWebhooksPlugin } from './github-webhooks.ts';
import { createGuardDutyPlugin } from './guardduty.ts';
import { createLargeStringsPlugin } from './large-strings.ts';
import { createLdapFixupPlugin } from './ldap-fixup.ts';
import { createParseSuPlugin } from './parse-su.ts';
import { createRemoveDotsPlugin } from './remove-dots.ts';
import { createStackdriverPlugins } from './stackdriver.ts';

type Json = Record<string, unknown>;
interface Case {
  test: string;
  input: Json;
  output: Json | null;
}

const FIXTURES = path.join(import.meta.dirname, '../../../test/fixtures/mozdef-plugins');
const load = (name: string): Case[] =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Case[];

function normalized(input: Json): PicketEvent {
  const r = normalizeEvent(structuredClone(input), {
    now: new Date('2020-01-01T00:00:00Z'),
    retentionDays: 36500,
    maxFutureMinutes: 10 * 365 * 24 * 60,
  });
  if (!r.ok) throw new Error(r.error);
  return r.event;
}

// MozDef top-level fields Picket does not have (its schema is fixed) or sets at ingest.
const NOT_COMPARED = new Set([
  'timestamp',
  'utctimestamp',
  'receivedtimestamp',
  'mozdefhostname',
  'customendpoint',
  'processid',
  'processname',
  'severity',
  'details',
]);
const SCHEMA = new Set(['category', 'source', 'hostname', 'summary', 'tags']);

// Where Picket gives more than MozDef did, on purpose: a port probe's prober (see guardduty.ts).
const PICKET_ADDS: Record<string, Json> = {
  'TestGuardDuty.test_defaults': { sourceipaddress: '211.44.226.158', destinationport: 443, proto: 'HTTPS' },
};

/** What Picket's event must hold for MozDef's output: a field MozDef's plugin left as it came stays as ingest made it. */
function expectSameOutput(c: Case, got: PicketEvent | null): void {
  if (c.output === null) {
    expect(got, c.test).toBeNull();
    return;
  }
  expect(got, c.test).not.toBeNull();
  const before = normalized(c.input);
  const out = c.output;
  for (const [k, v] of Object.entries(out)) {
    if (NOT_COMPARED.has(k)) continue;
    if (SCHEMA.has(k)) {
      if (k === 'tags' && !Array.isArray(v)) continue;
      const unchanged = JSON.stringify(v) === JSON.stringify(c.input[k]);
      expect((got as unknown as Json)[k], `${c.test}: ${k}`).toEqual(unchanged ? (before as unknown as Json)[k] : v);
    } else {
      // Other top-level MozDef fields live under details in Picket (normalization puts them there).
      expect(got!.details[k], `${c.test}: ${k}`).toEqual(v);
    }
  }
  const outDetails = { ...((out.details ?? {}) as Json), ...PICKET_ADDS[c.test] };
  const inDetails = (
    typeof c.input.details === 'object' && c.input.details !== null && !Array.isArray(c.input.details)
      ? c.input.details
      : {}
  ) as Json;
  for (const [k, v] of Object.entries(outDetails)) {
    const unchanged = JSON.stringify(v) === JSON.stringify(inDetails[k]);
    expect(got!.details[k], `${c.test}: details.${k}`).toEqual(unchanged ? before.details[k] : v);
  }
  // Nothing MozDef removed from details is left (keys ingest made from other fields may stay).
  for (const k of Object.keys(got!.details)) {
    if (k in outDetails || k in out) continue;
    expect(k in inDetails, `${c.test}: details.${k} should be gone`).toBe(false);
  }
}

function stackdriver(name: string): () => EnrichmentPlugin {
  return () => createStackdriverPlugins().find((p) => p.name === name)!;
}

// The last column: whether MozDef's test events carry the plugin's registration term. large_strings
// registers for "githubeventsqs" but MozDef's cases call it directly with events that lack it.
const PLUGINS: Array<[string, () => EnrichmentPlugin, number, boolean]> = [
  ['guardduty', createGuardDutyPlugin, 14, true],
  ['github-webhooks', createGithubWebhooksPlugin, 21, true],
  ['ldap-fixup', createLdapFixupPlugin, 6, true],
  ['large-strings', createLargeStringsPlugin, 3, false],
  ['parse-su', createParseSuPlugin, 5, true],
  ['remove-dots', createRemoveDotsPlugin, 3, true],
  ['stackdriver', stackdriver('stackdriver'), 5, true],
  ['stackdriver-audit', stackdriver('stackdriver_audit'), 7, true],
  ['stackdriver-gceactivity', stackdriver('stackdriver_gceactivity'), 7, true],
  ['stackdriver-syslog', stackdriver('stackdriver_syslog'), 7, true],
];

describe.each(PLUGINS)('MozDef %s cases', (name, create, count, registered) => {
  const cases = load(name);
  it('has every case MozDef tests', () => expect(cases).toHaveLength(count));
  it.each(cases.map((c) => [c.test, c] as const))('%s', (_t, c) => {
    const plugin = create();
    expectSameOutput(c, plugin.onEvent(normalized(c.input)));
    // Through the runner: a case the plugin changes is one its registration lets it see.
    if (registered && JSON.stringify(c.output) !== JSON.stringify(c.input))
      expectSameOutput(c, new Enricher([plugin]).enrich([normalized(c.input)])[0] ?? null);
  });
});
