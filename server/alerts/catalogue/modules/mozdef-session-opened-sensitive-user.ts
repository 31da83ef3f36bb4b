// MozDef session_opened_sensitive_user: an sshd session opened for a sensitive user outside the time
// of day when such sessions are expected (a scheduled scan). The users are terms of the query; the
// expected period is EXPECTED below (UTC, MozDef's critical_users.json default 03:05:00-04:10:00).
// To change either, copy this file into the code rules directory under another name, edit it, and
// point the rule's module at the copy.
import { defineCodeRule } from '../../code-rules/define.ts';

/** Seconds since midnight UTC, from and to inclusive, when sessions of these users are expected. */
const EXPECTED: ReadonlyArray<readonly [number, number]> = [[3 * 3600 + 5 * 60, 4 * 3600 + 10 * 60]];

function expectedAt(utctimestamp: string): boolean {
  const t = new Date(utctimestamp);
  if (Number.isNaN(t.getTime())) return false;
  const s = t.getUTCHours() * 3600 + t.getUTCMinutes() * 60 + t.getUTCSeconds();
  return EXPECTED.some(([from, to]) => s >= from && s <= to);
}

export default defineCodeRule({
  name: 'Session opened by a sensitive user',
  description:
    'MozDef session_opened_sensitive_user: an sshd "session opened" for a sensitive user (default user1, user2: the summary:(…) term of the query) outside the expected period (03:05:00-04:10:00 UTC). One alert per 10 minutes.',
  query:
    'category:syslog AND (details.program:sshd OR processname:sshd) AND summary:"session opened" AND summary:("user1" OR "user2")',
  window: '10m',
  severity: 'WARNING',
  category: 'session',
  tags: ['pam', 'syslog'],
  summary:
    'Session opened by a sensitive user outside of the expected window - sample hosts: {hostnames} [total {count} hosts]',
  evaluate({ events }) {
    const last = events[events.length - 1];
    return expectedAt(last.utctimestamp) ? null : { events: [last] };
  },
});
