import type { PicketEvent } from '../../ingest/event.ts';
import type { EnrichmentPlugin } from '../plugin.ts';
import { applyFieldMap } from './field-mapping.ts';
import { GITHUB_MAPPING } from './github-mapping.ts';

// MozDef github_webhooks: a GitHub webhook delivery (tagged "githubeventsqs" by the shipper, the
// X-GitHub-Event name in details.event, the payload in details.body) becomes a flat event: category
// "github", source = the GitHub event, details = the fields the mapping lists for that event, and a
// readable summary. Deliveries of events the mapping does not know are dropped, as in MozDef.
// MozDef also moved the event time to a push's commit time; Picket keeps the delivery's time (an
// event's id encodes its time, so it is fixed at ingest) and the commit time in details.commit_ts.

const has = (d: Record<string, unknown>, k: string) => Object.hasOwn(d, k);

function summaryOf(source: string, d: Record<string, unknown>): string {
  let s =
    source === 'installation'
      ? `github app: ${source} `
      : source === 'public'
        ? `github : change from private to ${source} `
        : `github: ${source}: `;
  const part = (key: string, fmt: (v: string) => string) => {
    if (has(d, key)) s += fmt(String(d[key]));
  };
  part('status', (v) => `${v} `);
  part('action', (v) => `${v} `);
  part('ref_type', (v) => `${v} `);
  part('repo_name', (v) => `on repo: ${v} `);
  part('alert_note', (v) => `for: ${v}`);
  part('alert_package', (v) => `package: ${v} `);
  part('team_name', (v) => `team: ${v} `);
  part('blocked_user_login', (v) => `user: ${v} `);
  part('org_login', (v) => `in org: ${v} `);
  part('username', (v) => `triggered by user: ${v}`);
  return s;
}

export function fixGithubWebhook(e: PicketEvent): PicketEvent | null {
  if (!Array.isArray(e.tags) || !e.tags.includes('githubeventsqs')) return e;
  const d = e.details;
  const source = typeof d.event === 'string' ? d.event : 'UNKNOWN';
  const map = Object.hasOwn(GITHUB_MAPPING, source) ? GITHUB_MAPPING[source] : undefined;
  if (!map) return null;
  const out: Record<string, unknown> = { request_id: has(d, 'request_id') ? d.request_id : 'UNKNOWN' };
  applyFieldMap(map, d, out);
  e.category = 'github';
  e.source = source;
  e.tags = ['github', 'webhook'];
  e.summary = summaryOf(source, out);
  out.eventsource = 'githubeventsqs';
  e.details = out;
  return e;
}

export function createGithubWebhooksPlugin(): EnrichmentPlugin {
  return {
    name: 'github_webhooks',
    description: 'flattens GitHub webhook deliveries (github_mapping)',
    priority: 10,
    registration: ['githubeventsqs'],
    onEvent: fixGithubWebhook,
  };
}
