// Labels, paths and formatting shared by the case list, board and room (client side, no server imports).
import type { CaseDate, CaseKind, Severity } from '@/server/cases/case-model';

/** MozDef's incident dates. */
export const DATE_LABEL: Record<CaseDate, string> = {
  openedAt: 'Opened',
  reportedAt: 'Reported',
  verifiedAt: 'Verified',
  mitigatedAt: 'Mitigated',
  containedAt: 'Contained',
  closedAt: 'Closed',
};

export const KIND_PATH: Record<CaseKind, '/incidents' | '/investigations'> = {
  incident: '/incidents',
  investigation: '/investigations',
};
export const KIND_LABEL: Record<CaseKind, { one: string; many: string }> = {
  incident: { one: 'Incident', many: 'Incidents' },
  investigation: { one: 'Investigation', many: 'Investigations' },
};

export const SEVERITY_STYLE: Record<Severity, string> = {
  low: 'border-border text-muted',
  medium: 'border-sky-500/50 text-sky-700 dark:text-sky-400',
  high: 'border-amber-500/60 text-amber-700 dark:text-amber-400',
  critical: 'border-danger/60 bg-danger/10 text-danger',
};

/** "2026-11-30 05:40" in the viewer's zone; an em dash for nothing. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A duration in ms as "3 h 20 min" / "2 d 4 h"; null when there is none yet. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Authors are stored as "user:<name>" or "token:<name>": people read the name, tokens are marked. */
export function authorLabel(author: string): string {
  if (author.startsWith('user:')) return author.slice(5);
  if (author.startsWith('token:')) return `${author.slice(6)} (API token)`;
  return author;
}

/** A local "YYYY-MM-DDTHH:mm" for <input type="datetime-local"> from an ISO time (now by default). */
export function toLocalInput(iso?: string | null): string {
  const d = iso ? new Date(iso) : new Date();
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** The reverse: a datetime-local value (local time) as ISO, or null when empty/invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

/** Plain-language failure message for a mutation error (tRPC errors carry the server's message). */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'data' in err) {
    const code = (err as { data?: { code?: string } }).data?.code;
    if (code === 'FORBIDDEN') return 'Your role may not change cases (analyst or admin needed).';
  }
  return err instanceof Error ? err.message : String(err);
}
