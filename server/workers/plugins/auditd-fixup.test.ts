// MozDef has no tests for auditdFixup; these follow its code, with an audisp-json execve event as
// MozDef's other plugin tests use it.
import { describe, expect, it } from 'vitest';
import { Enricher } from '../enrich.ts';
import { createAuditdFixupPlugin } from './auditd-fixup.ts';
import { normalizeMozdef } from './mozdef-cases.ts';

const plugin = createAuditdFixupPlugin();
const execve = {
  category: 'execve',
  processname: 'audisp-json',
  tags: ['audisp-json', '2.1.1', 'audit'],
  summary: 'Execve: sh -c id',
  details: {
    auid: '4294967295',
    ses: '4294967295',
    uid: '398',
    fsuid: '(null)',
    ouid: '0',
    gid: '0,4,27',
    dhost: 'web-3.example.net',
    command: 'sh -c id',
  },
};

describe('auditdFixup', () => {
  it('rewrites kernel sentinels, copies a gid list, keeps dhost and the rest', () => {
    const [out] = new Enricher([plugin]).enrich([normalizeMozdef(execve)]);
    expect(out.details).toEqual({ ...execve.details, auid: '-1', ses: '-1', fsuid: -1, gidstring: '0,4,27' });
    expect(out.category).toBe('execve');
    expect(out.hostname).toBe('web-3.example.net');
  });

  it('gives an uncategorized auditd event the category auditd, keeps a shipper hostname', () => {
    const e = normalizeMozdef({
      hostname: 'db1',
      processname: 'auditd',
      summary: 'x',
      details: { auid: '1000', gid: '100', dhost: 'other' },
    });
    const out = plugin.onEvent(e);
    expect(out?.category).toBe('auditd');
    expect(out?.hostname).toBe('db1');
    expect(out?.details).toEqual({ auid: '1000', gid: '100', dhost: 'other' });
  });

  it('runs at MozDef priority 2 on auditd and audisp-json events only', () => {
    expect(plugin.priority).toBe(2);
    const e = normalizeMozdef({ processname: 'cron', summary: 'x', details: { auid: '4294967295' } });
    expect(new Enricher([plugin]).enrich([e])[0].details.auid).toBe('4294967295');
  });
});
