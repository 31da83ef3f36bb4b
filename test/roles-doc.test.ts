// docs/roles-and-audit.md's permission table is the one the server enforces: each row's ticks are
// what can() answers for that role (and for an ingest-only token), and every action has a row.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, can, type Identity, ROLES } from '../server/auth/permissions.ts';

const DOC = fs.readFileSync(path.resolve(import.meta.dirname, '../docs/roles-and-audit.md'), 'utf8');
const COLUMNS = ['viewer', 'analyst', 'admin', 'ingest-only token'] as const;

function documentedTable(): Map<string, Record<string, boolean>> {
  const start = DOC.indexOf('<!-- permissions-table');
  const lines = DOC.slice(start).split('\n').slice(1);
  const rows = new Map<string, Record<string, boolean>>();
  const header = lines[0].split('|').map((c) => c.trim());
  expect(header.slice(2, 6)).toEqual([...COLUMNS]);
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').map((c) => c.trim());
    const action = cells[1].replace(/`/g, '');
    expect(rows.has(action), `${action} twice`).toBe(false);
    rows.set(action, Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i + 2] === '✓'])));
  }
  return rows;
}

const identity = (role: (typeof ROLES)[number], ingestOnly: boolean): Identity => ({
  kind: 'token',
  id: 't',
  name: 't',
  role,
  ingestOnly,
});

describe('docs/roles-and-audit.md', () => {
  it('lists every action once, and the roles in order', () => {
    expect([...documentedTable().keys()].sort()).toEqual([...ACTIONS].sort());
    expect(COLUMNS.slice(0, 3)).toEqual([...ROLES]);
  });

  it('ticks exactly what each role and an ingest-only token may do', () => {
    const table = documentedTable();
    for (const action of ACTIONS) {
      const row = table.get(action)!;
      for (const role of ROLES) expect(row[role], `${role} ${action}`).toBe(can(identity(role, false), action));
      // An ingest-only token gets the same actions whatever its nominal role.
      for (const role of ROLES)
        expect(row['ingest-only token'], `ingest-only ${action}`).toBe(can(identity(role, true), action));
    }
  });
});
