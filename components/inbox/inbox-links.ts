// Where an inbox item leads, and how it reads. Client side, no server imports beyond types.
import type { InboxItem } from '@/server/inbox/inbox-service';

const WHERE: Record<InboxItem['entryType'], string> = {
  timeline: 'a timeline note',
  comment: 'a hypothesis discussion',
  description: 'the description',
  lessonsLearned: 'the lessons learned',
  mitigations: 'the mitigations',
  task: 'a task',
  alert: 'an alert',
};

/** The case room, opened at the entry (see components/cases/use-entry-anchor.ts); an alert in the console. */
export function inboxHref(item: Pick<InboxItem, 'caseKind' | 'caseId' | 'alertId' | 'entryType' | 'entryId'>): string {
  if (item.alertId) return alertHref(item.alertId);
  const base = `/${item.caseKind === 'incident' ? 'incidents' : 'investigations'}/${item.caseId}`;
  const anchor =
    item.entryType === 'timeline'
      ? `timeline-${item.entryId}`
      : item.entryType === 'comment'
        ? `comment-${item.entryId}`
        : item.entryType === 'task'
          ? `task-${item.entryId}`
          : `field-${item.entryType}`;
  return `${base}?entry=${encodeURIComponent(anchor)}`;
}

/** One alert in the console (the link alert notifications carry too). */
export function alertHref(id: string): string {
  return `/alerts?${new URLSearchParams({ status: 'any', id })}`;
}

export function inboxWhere(item: Pick<InboxItem, 'entryType'>): string {
  return WHERE[item.entryType];
}

/** "just now", "5 min ago", "3 h ago", then the date. */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}
