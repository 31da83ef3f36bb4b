// Picket's rules seen as MozDef's alert schedules (celery PeriodicTask records keyed by alert name),
// and schedule edits applied back as rule changes: `enabled` switches the rule, an interval schedule
// sets a windowed rule's window. Picket evaluates rules as events arrive, so there is no run
// counter to keep: total_run_count is the alerts raised, last_run_at the last of them.
import type { Actor, RuleListItem, RulesService } from './rules-service.ts';
import { parseRuleDefinition, type RuleDefinition } from './rule-definition.ts';
import { AppError, isAppError } from '../errors/app-error.ts';

/** Rule types whose window an interval schedule sets; the others evaluate each event as it arrives. */
const WINDOWED = new Set(['threshold', 'cardinality', 'sequence', 'deadman']);
const PERIOD_SECONDS: Record<string, number> = {
  days: 86_400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
  microseconds: 1e-6,
};

export interface PeriodicTask {
  name: string;
  task: string;
  enabled: boolean;
  _id: string;
  _cls: 'PeriodicTask';
  args: unknown[];
  kwargs: Record<string, unknown>;
  celery_schedule: { every: number; period: 'seconds' };
  schedule_type: 'interval';
  schedule_str: string;
  expires: null;
  queue: null;
  exchange: null;
  routing_key: null;
  last_run_at: string | null;
  run_immediately: false;
  total_run_count: number;
  modifiedat: string;
  /** Picket's addition: how the rule is evaluated. */
  picket: {
    ruleId: string;
    type: string;
    evaluation: 'window' | 'per event';
    window: string | null;
    /** Why a shipped rule is off (e.g. it reads a source Picket cannot see); null when it is on or has none. */
    disabledReason: string | null;
  };
}

function windowSeconds(def: Record<string, unknown>): number | null {
  const w = typeof def.window === 'string' ? /^(\d+)(s|m|h|d)$/.exec(def.window) : null;
  if (!w || !WINDOWED.has(String(def.type))) return null;
  return Number(w[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[w[2] as 's' | 'm' | 'h' | 'd'];
}

function toTask(name: string, r: RuleListItem): PeriodicTask {
  const every = windowSeconds(r);
  return {
    name,
    task: r.catalogueKey ?? r.id,
    enabled: r.enabled,
    _id: r.id,
    _cls: 'PeriodicTask',
    args: [],
    kwargs: {},
    celery_schedule: { every: every ?? 0, period: 'seconds' },
    schedule_type: 'interval',
    schedule_str: every === null ? 'per event' : `${every} seconds`,
    expires: null,
    queue: null,
    exchange: null,
    routing_key: null,
    last_run_at: r.lastFiredAt,
    run_immediately: false,
    total_run_count: r.hits,
    modifiedat: new Date(r.updatedAt).toISOString(),
    picket: {
      ruleId: r.id,
      type: String(r.type),
      evaluation: every === null ? 'per event' : 'window',
      window: every === null ? null : String(r.window),
      disabledReason: !r.enabled && typeof r.disabledReason === 'string' ? r.disabledReason : null,
    },
  };
}

/** Schedule name of each rule: its name, or name [id] when two rules share one. */
function named(rules: RuleListItem[]): Map<string, RuleListItem> {
  const count = new Map<string, number>();
  for (const r of rules) count.set(String(r.name), (count.get(String(r.name)) ?? 0) + 1);
  return new Map(rules.map((r) => [count.get(String(r.name))! > 1 ? `${r.name} [${r.id}]` : String(r.name), r]));
}

/** MozDef alert modules whose shipped rule has another key (get_watchlist became the watchlist rule type). */
const RENAMED_MODULES = new Map([['get_watchlist', 'mozdef.watchlist']]);
const moduleKey = (module: string): string => RENAMED_MODULES.get(module) ?? `mozdef.${module}`;

export class ScheduleError extends AppError<'bad_request'> {
  constructor(message: string) {
    super('bad_request', message);
  }
}

export interface ScheduleResult {
  updated: string[];
  unchanged: string[];
  unknown: string[];
}

export class AlertSchedules {
  constructor(private readonly rules: RulesService) {}

  async list(): Promise<Map<string, PeriodicTask>> {
    const out = new Map<string, PeriodicTask>();
    for (const [name, r] of named(await this.rules.list())) out.set(name, toTask(name, r));
    return out;
  }

  /**
   * A schedule name finds its rule by schedule name, rule id, catalogue key, or MozDef's task name
   * ("bruteforce_ssh.AlertBruteforceSsh" → the shipped rule mozdef.bruteforce_ssh).
   */
  private find(byName: Map<string, RuleListItem>, key: string, entry: Map<string, unknown>): RuleListItem | undefined {
    const all = [...byName.values()];
    const id = entry.get('_id');
    return (
      byName.get(key) ??
      all.find((r) => r.id === key || (typeof id === 'string' && r.id === id)) ??
      all.find(
        (r) => r.catalogueKey !== null && (r.catalogueKey === key || r.catalogueKey === moduleKey(key.split('.')[0])),
      )
    );
  }

  /** /updatealertschedules: applies enabled and interval changes; `sync` (/syncalertschedules) only checks names. */
  async apply(
    body: Map<string, Map<string, unknown>>,
    actor: Actor,
    ip: string | undefined,
    sync: boolean,
  ): Promise<ScheduleResult> {
    const byName = named(await this.rules.list());
    const result: ScheduleResult = { updated: [], unchanged: [], unknown: [] };
    const changes: Array<{ name: string; rule: RuleListItem; def: RuleDefinition }> = [];
    for (const [key, entry] of body) {
      const rule = this.find(byName, key, entry);
      if (!rule) {
        result.unknown.push(key);
        continue;
      }
      const def = sync ? null : this.changed(key, rule, entry);
      if (def) changes.push({ name: key, rule, def });
      else result.unchanged.push(key);
    }
    for (const c of changes) {
      await this.rules.update(c.rule.id, c.def, c.rule.version, actor, ip).catch((err: unknown) => {
        // A rule changed since the client read the schedules: say how to recover in MozDef's terms.
        throw isAppError(err, 'version_conflict')
          ? new AppError('version_conflict', `${err.message}; fetch /alertschedules and try again`)
          : err;
      });
      result.updated.push(c.name);
    }
    return result;
  }

  /** The rule's definition after the schedule's changes, or null when nothing changes. */
  private changed(key: string, rule: RuleListItem, entry: Map<string, unknown>): RuleDefinition | null {
    const parsed = parseRuleDefinition(rule);
    if (!parsed.ok) throw new ScheduleError(`${key}: the stored rule does not parse (${parsed.message})`);
    const def = { ...parsed.rule } as RuleDefinition & { window?: string };
    const enabled = entry.get('enabled');
    if (enabled !== undefined && typeof enabled !== 'boolean')
      throw new ScheduleError(`${key}.enabled: must be true or false`);
    if (typeof enabled === 'boolean') def.enabled = enabled;
    if (entry.get('schedule_type') === 'interval' && WINDOWED.has(def.type)) {
      const s = entry.get('celery_schedule');
      if (typeof s !== 'object' || s === null)
        throw new ScheduleError(`${key}.celery_schedule: must be {"every", "period"}`);
      const every = (s as Record<string, unknown>).every;
      const period = (s as Record<string, unknown>).period;
      const unit =
        typeof period === 'string' && Object.hasOwn(PERIOD_SECONDS, period) ? PERIOD_SECONDS[period] : undefined;
      if (typeof every !== 'number' || !(every > 0) || unit === undefined)
        throw new ScheduleError(
          `${key}.celery_schedule: every must be a positive number and period one of ${Object.keys(PERIOD_SECONDS).join(', ')}`,
        );
      const seconds = Math.round(every * unit);
      if (seconds < 1 || seconds > 7 * 86_400)
        throw new ScheduleError(`${key}.celery_schedule: the window must be between 1 second and 7 days`);
      if (windowSeconds(def) !== seconds) def.window = `${seconds}s`;
    }
    const check = parseRuleDefinition(def);
    if (!check.ok) throw new ScheduleError(`${key}: ${check.message}`);
    const same = JSON.stringify(check.rule) === JSON.stringify(parsed.rule);
    return same ? null : check.rule;
  }
}
