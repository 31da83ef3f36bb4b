// What the streaming engine needs from the process, and what it counts.
import type { OutageSink } from '../db/database-health.ts';
import type { Db } from '../db/drizzle.ts';
import type { Logger } from '../logger.ts';
import type { Bus } from '../realtime/bus.ts';
import type { EventStore } from '../store/event-store.ts';
import type { CodeRuleModules } from './code-rules/code-rule-modules.ts';
import type { AlertActions } from './alert-actions.ts';

export interface AlertEngineStats {
  evaluated: number;
  alerts: number;
  /** Crossings counted into their group's open alert instead of raising one (grouping). */
  absorbed: number;
  suppressed: number;
  duplicates: number;
  failed: number;
  /** Rule (re)loads after start: saves here and changes announced by other processes. */
  reloads: number;
  /** Window rebuilds and start replays cut short because reading back ran past the store's time limit. */
  windowsNotRebuilt: number;
}

export interface AlertEngineDeps {
  codeRules?: CodeRuleModules;
  db: Db;
  store: EventStore;
  bus: Bus;
  log: Logger;
  /** How often deadman rules are checked and idle groups swept. */
  tickMs: number;
  /** Queue mode: ticks come from a cluster-wide repeatable job (tick()), not from a local timer. */
  externalTicks?: boolean;
  /** Rule actions (block the source IP …), run with the alerts' write. */
  actions?: AlertActions;
  /** Seconds from the arrival of an alert's newest event to its commit (the alert latency metric). */
  onAlertLatency?: (seconds: number) => void;
  /** Database outages: logged once per outage instead of on every tick. */
  outages?: OutageSink;
}
