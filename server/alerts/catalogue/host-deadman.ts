// MozDef's deadman alerts: silence from a Zeek sensor (deadman.py) and the configurable ones
// (deadman_generic.py, one rule per entry of deadman_generic.json). All ship disabled: their hosts and
// queries are MozDef's samples, and a deadman on a source an install does not have fires every window.
import type { CatalogueEntry } from './catalogue-entry.ts';

/** deadman_generic.json's entries, MozDef's samples: description, query, window, extra tags. */
const GENERIC = [
  {
    key: 'sample_alert_1',
    description: 'Sample Alert 1',
    query: 'ABC12345436',
    window: '5m',
    span: '5 minutes',
    tags: ['generic_deadman'],
  },
  {
    key: 'sample_alert_2',
    description: 'Sample Alert 2',
    query: 'anotherterm',
    window: '20h',
    span: '20 hours',
    tags: ['someothertag'],
  },
];

export const DEADMAN_RULES: CatalogueEntry[] = [
  {
    key: 'mozdef.deadman',
    rule: {
      name: 'Deadman: Zeek sensor host1',
      description:
        "MozDef deadman: no MozillaAlive::Bro_Is_Watching_You healthcheck notice from the Zeek sensor host1 for 20 minutes. deadman.conf's hosts (host1) is MozDef's placeholder: put your sensor's hostname in the query and the summary (one rule per sensor: clone it), then enable it.",
      enabled: false,
      disabledReason:
        "MozDef's placeholder sensor host1: set your Zeek sensor's hostname in the query and summary, then enable.",
      type: 'deadman',
      query: 'details.note:"MozillaAlive::Bro_Is_Watching_You" AND hostname:"host1" AND category:bro AND source:notice',
      window: '20m',
      severity: 'ERROR',
      category: 'deadman',
      tags: ['bro', 'bro_deadman'],
      summary: 'No host1 bro healthcheck events found the past 20 minutes',
    },
  },
  ...GENERIC.map(
    (g): CatalogueEntry => ({
      key: `mozdef.deadman_generic.${g.key}`,
      rule: {
        name: `Deadman: ${g.description}`,
        description: `MozDef deadman_generic (deadman_generic.json entry "${g.description}"): no event matching the query within ${g.span}. Severity ERROR is the file's; set query, window and summary to what you watch, then enable.`,
        enabled: false,
        disabledReason: `MozDef's sample entry "${g.description}" (query ${g.query}): set the query you want watched, then enable.`,
        type: 'deadman',
        query: g.query,
        window: g.window,
        severity: 'ERROR',
        category: 'deadman',
        tags: ['deadman', ...g.tags],
        summary: `Deadman check failed for '${g.description}' the past ${g.span}`,
      },
    }),
  ),
];
