// MozDef's broFixup tests, every case, kept as data (mozdef-cases/bro-fixup.json: MozDef's input
// event and the fields its test asserted). Not ported: the two mozdefhostname cases (Picket has no
// per-worker host field on events).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSigma } from '../../alerts/sigma/sigma-rule.ts';
import { compileMatcher } from '../../store/query/index.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import { createBroFixupPlugin } from './bro-fixup.ts';
import { createIpFixupPlugin } from './ip-fixup.ts';
import cases from './mozdef-cases/bro-fixup.json' with { type: 'json' };
import { runMozdefCase, type MozdefCase } from './mozdef-cases.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const plugin = createBroFixupPlugin();

function defaults(e: PicketEvent): void {
  expect(e.category).toBe('bro');
  expect(e.details.customendpoint).toBe('bro');
  expect(e.details.eventsource).toBe('nsm');
  expect(e.severity).toBe('INFO');
}

const messageKeys = (input: Record<string, unknown>) => Object.keys(JSON.parse(String(input.MESSAGE)) as object);

describe('broFixup (MozDef cases)', () => {
  it.each((cases as MozdefCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    runMozdefCase(plugin, c, { defaults, messageKeys });
  });
});

function zeek(over: Partial<PicketEvent>): PicketEvent {
  return {
    id: 'z',
    utctimestamp: '2026-01-01T00:00:00.000Z',
    receivedtimestamp: '2026-01-01T00:00:00.000Z',
    category: 'zeek',
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

describe('broFixup (Picket)', () => {
  it('keeps Zeek original fields next to the canonical copies, through ip-fixup too', () => {
    const e = zeek({
      details: {
        _path: 'ssh',
        ts: 1700000000.5,
        'id.orig_h': '::ffff:198.51.100.7',
        'id.orig_p': 50000,
        'id.resp_h': '10.0.0.2',
        'id.resp_p': 22,
        auth_success: false,
      },
    });
    const [out] = new Enricher([plugin, createIpFixupPlugin()]).enrich([e]);
    expect(out.details).toMatchObject({
      'id.orig_h': '::ffff:198.51.100.7',
      'id.resp_p': 22,
      sourceipaddress: '198.51.100.7',
      destinationport: 22,
    });
    expect(out.source).toBe('ssh');
    expect(out.summary).toBe('SSH: ::ffff:198.51.100.7 -> 10.0.0.2:22 success False');
    expect(out.utctimestamp).toBe('2023-11-14T22:13:20.500Z');
  });

  it('accepts zeek_ prefixes and ISO ts; unknown log types keep their summary', () => {
    const out = plugin.onEvent(
      zeek({ source: 'zeek_weird', summary: '{"ts":"2024-05-01T10:00:00.123Z","name":"bad_TCP_checksum"}' }),
    );
    expect(out?.source).toBe('weird');
    expect(out?.details).toMatchObject({ name: 'bad_TCP_checksum' });
    expect(out?.utctimestamp).toBe('2024-05-01T10:00:00.123Z');
  });

  it('a __proto__ key in the Zeek JSON stays data', () => {
    const out = plugin.onEvent(
      zeek({ source: 'bro_conn', summary: '{"__proto__":{"polluted":1},"id.orig_h":"1.2.3.4"}' }),
    );
    expect(Object.hasOwn(out?.details ?? {}, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a notice with actions as a list (as Zeek writes it) collects indicators from sub', () => {
    const out = plugin.onEvent(
      zeek({
        details: {
          _path: 'notice',
          note: 'Scan::Port_Scan',
          actions: ['Notice::ACTION_LOG'],
          sub: 'Indicator: 1.2.3.4, Indicator: 5.6.7.8',
        },
      }),
    );
    expect(out?.details.indicators).toEqual(['1.2.3.4', '5.6.7.8']);
  });

  it('leaves other categories, and bro events with no log type, alone', () => {
    expect(plugin.onEvent(zeek({ category: 'syslog', source: 'bro_conn', summary: '{"a":1}' }))?.details).toEqual({});
    expect(plugin.onEvent(zeek({ category: 'bro', summary: '{"a":1}' }))?.details).toEqual({});
  });
});

describe('broFixup + ip-fixup keep what Sigma Zeek rules read', () => {
  // The SigmaHQ checkout sits beside the repository (or beside its worktrees' folder).
  const rel = ['sigmahq', 'rules', 'network', 'zeek', 'zeek_http_webdav_put_request.yml'];
  const rulePath =
    [path.join(REPO_ROOT, '..', 'shared', ...rel), path.join(REPO_ROOT, '..', '..', 'shared', ...rel)].find((p) =>
      fs.existsSync(p),
    ) ?? '';
  const haveRule = rulePath !== '';
  it.skipIf(!haveRule)(
    'SigmaHQ zeek_http_webdav_put_request matches on id.resp_h after enrichment (skipped without the SigmaHQ checkout)',
    () => {
      const { query } = compileSigma(fs.readFileSync(rulePath, 'utf8'));
      const matches = compileMatcher(query);
      const enrich = (resp: string) => {
        const line = {
          ts: 1700000000,
          uid: 'C1',
          'id.orig_h': '10.1.1.1',
          'id.orig_p': 50000,
          'id.resp_h': resp,
          'id.resp_p': 80,
          method: 'PUT',
          user_agent: 'Microsoft-WebDAV-MiniRedir/10.0',
        };
        const e = zeek({
          category: 'bro',
          source: 'bro_http',
          summary: JSON.stringify(line),
          details: { customendpoint: 'bro' },
        });
        return new Enricher([plugin, createIpFixupPlugin()]).enrich([e])[0];
      };
      expect(matches(enrich('198.51.100.20'))).toBe(true);
      expect(matches(enrich('10.2.2.2'))).toBe(false);
    },
  );
});
