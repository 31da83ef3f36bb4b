import { describe, expect, it } from 'vitest';
import type { PresenceEntry } from '@/server/realtime/presence';
import { initials, onlinePeople, pageLabel } from './presence-people';
import { isNewer } from './live-cursor';
import { reconnectDelayMs } from './realtime-client';

const entry = (
  connectionId: string,
  id: string,
  name: string,
  page: string | null,
  lastSeen: string,
): PresenceEntry => ({
  connectionId,
  identity: { kind: 'user', id, name, role: 'analyst' },
  page,
  lastSeen,
  version: 1,
});

describe('presence people', () => {
  it('groups sockets by person, newest page first, without the viewer', () => {
    const people = onlinePeople(
      [
        entry('c1', 'u2', 'bob@example.org', '/admin', '2026-01-01T00:00:01Z'),
        entry('c2', 'u2', 'bob@example.org', '/', '2026-01-01T00:00:05Z'),
        entry('c3', 'u1', 'me@example.org', '/', '2026-01-01T00:00:05Z'),
        entry('c4', 'u3', 'ana.analyst@example.org', null, '2026-01-01T00:00:02Z'),
        entry('c5', 'u2', 'bob@example.org', '/', '2026-01-01T00:00:03Z'),
      ],
      { kind: 'user', id: 'u1' },
    );
    expect(people).toEqual([
      { key: 'user:u3', name: 'ana.analyst@example.org', role: 'analyst', initials: 'AA', pages: [] },
      { key: 'user:u2', name: 'bob@example.org', role: 'analyst', initials: 'BO', pages: ['/', '/admin'] },
    ]);
  });

  it('makes initials from names and emails, and labels pages by nav section', () => {
    expect(initials('Bob Smith')).toBe('BS');
    expect(initials('x')).toBe('X');
    expect(initials('émile.zola@example.org')).toBe('ÉZ');
    expect(initials('--')).toBe('?');
    expect(pageLabel('/')).toBe('Dashboard');
    expect(pageLabel('/admin/tokens')).toBe('Admin · /admin/tokens');
    expect(pageLabel('/nowhere')).toBe('/nowhere');
    expect(pageLabel(undefined)).toBe('just arrived');
  });
});

describe('realtime client pieces', () => {
  it('orders cursors within an epoch and lets a new epoch through', () => {
    expect(isNewer('e1.5', undefined)).toBe(true);
    expect(isNewer('e1.5', 'e1.4')).toBe(true);
    expect(isNewer('e1.5', 'e1.5')).toBe(false);
    expect(isNewer('e1.3', 'e1.10')).toBe(false);
    expect(isNewer('e2.1', 'e1.10')).toBe(true);
  });

  it('backs off exponentially with jitter, capped at 15 s', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, () => 0)).toBe(2000);
    expect(reconnectDelayMs(3, () => 1)).toBe(4000);
    expect(reconnectDelayMs(30, () => 0.5)).toBe(11_250);
    expect(reconnectDelayMs(30, () => 1)).toBe(15_000);
  });
});
