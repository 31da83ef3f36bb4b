// The index template for events: daily indices `events-YYYY.MM.DD` (MozDef's naming, by event time
// in UTC) that all carry the `events` alias, which every read goes through.

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})\.(\d{2})\.(\d{2})$/;

/**
 * Names of the alias, the daily indices and the template. `namespace` is empty in production; tests
 * (and installations sharing a cluster) put theirs in front of every name.
 */
export class IndexNames {
  readonly alias: string;
  readonly pattern: string;
  readonly template: string;

  constructor(readonly namespace = '') {
    if (!/^[a-z0-9_-]*$/.test(namespace)) throw new Error(`invalid index namespace ${JSON.stringify(namespace)}`);
    this.alias = `${namespace}events`;
    this.pattern = `${namespace}events-*`;
    this.template = `${namespace}picket-events`;
  }

  /** The daily index of an event time (UTC day). */
  indexFor(utctimestamp: string): string {
    const d = new Date(utctimestamp);
    const day = Number.isNaN(d.getTime()) ? new Date(0) : d;
    return `${this.alias}-${day.toISOString().slice(0, 10).replaceAll('-', '.')}`;
  }

  /** Start of the UTC day an index holds, or null for a name that is not one of our daily indices. */
  dayStart(name: string): number | null {
    if (!name.startsWith(`${this.alias}-`)) return null;
    const m = DAY_RE.exec(name.slice(this.alias.length + 1));
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  }

  /** Indices whose whole day ends before the retention cutoff (the rule the Postgres partitions follow). */
  expired(names: string[], retentionDays: number, now: Date): string[] {
    const cutoff = now.getTime() - retentionDays * DAY_MS;
    return names
      .filter((n) => {
        const start = this.dayStart(n);
        return start !== null && start + DAY_MS <= cutoff;
      })
      .sort();
  }
}

// Keyword values longer than this are kept in _source but not indexed (Lucene's term limit is 32766 bytes).
const IGNORE_ABOVE = 8191;
const keyword = { type: 'keyword', ignore_above: IGNORE_ABOVE };
const date = { type: 'date', format: 'strict_date_optional_time||epoch_millis' };

export const MAPPINGS = {
  // Only what is listed here is indexed; anything else an event carries stays in _source.
  dynamic: false,
  properties: {
    id: { type: 'keyword' },
    utctimestamp: date,
    receivedtimestamp: date,
    category: keyword,
    source: keyword,
    hostname: keyword,
    processname: keyword,
    processid: keyword,
    severity: keyword,
    summary: keyword,
    tags: keyword,
    details: { type: 'object', enabled: false },
    x: {
      properties: {
        sev: keyword,
        num: {
          properties: Object.fromEntries(
            ['category', 'source', 'hostname', 'processname', 'processid', 'severity', 'summary', 'tags'].map((c) => [
              c,
              { type: 'double' },
            ]),
          ),
        },
        paths: keyword,
        leaf: {
          type: 'nested',
          properties: {
            p: keyword,
            s: keyword,
            n: { type: 'double' },
            k: { type: 'keyword' },
            ip4: { type: 'ip' },
            ip6: { type: 'ip' },
          },
        },
      },
    },
  },
};

export interface TemplateOptions {
  shards: number;
  replicas: number;
}

export function indexTemplate(names: IndexNames, opts: TemplateOptions) {
  return {
    index_patterns: [names.pattern],
    // Above the priority of catch-all templates a cluster may already have.
    priority: 200,
    template: {
      settings: {
        number_of_shards: opts.shards,
        number_of_replicas: opts.replicas,
        'mapping.nested_objects.limit': 20_000,
      },
      mappings: MAPPINGS,
      aliases: { [names.alias]: {} },
    },
    _meta: { managed_by: 'picket' },
  };
}
