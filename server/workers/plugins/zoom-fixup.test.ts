// MozDef's zoom_fixup tests, every case, kept as data (mozdef-cases/zoom-fixup.json: input and the
// whole expected message). Picket writes severity upper case and MozDef's top-level eventsource in
// details, as normalization does for any event.
import { describe, expect, it } from 'vitest';
import { Enricher } from '../enrich.ts';
import cases from './mozdef-cases/zoom-fixup.json' with { type: 'json' };
import { normalizeMozdef } from './mozdef-cases.ts';
import { createZoomFixupPlugin } from './zoom-fixup.ts';

const plugin = createZoomFixupPlugin();
const FIELDS = ['summary', 'category', 'source', 'hostname', 'severity', 'processname', 'tags', 'details'] as const;

describe('zoom_fixup (MozDef cases)', () => {
  it.each(
    (cases as Array<{ name: string; input: Record<string, unknown>; expected: Record<string, unknown> }>).map(
      (c) => [c.name, c] as const,
    ),
  )('%s', (_name, c) => {
    const [out] = new Enricher([plugin]).enrich([normalizeMozdef(c.input)]);
    const want = normalizeMozdef(c.expected);
    for (const f of FIELDS) expect(out[f], f).toEqual(want[f]);
  });
});

describe('zoom_fixup (Picket)', () => {
  it('other events, and zoom_host events tagged otherwise, are left alone', () => {
    const other = normalizeMozdef({ hostname: 'web1', summary: 'x', details: { event: 'meeting.created' } });
    expect(plugin.onEvent(structuredClone(other))).toEqual(other);
    const tagged = normalizeMozdef({
      hostname: 'zoom_host',
      tags: ['slack'],
      summary: 'x',
      details: { event: 'meeting.created' },
    });
    expect(plugin.onEvent(structuredClone(tagged))).toEqual(tagged);
  });
});
