// The bundle of a code rule is imported from a fresh private directory, never from a predictable
// path in the shared temp dir. The module itself reports where it was loaded from.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeRuleModules } from './code-rule-modules.ts';

interface Load {
  file: string;
  dirMode: number;
  fileMode: number;
}
const loads = (): Load[] => ((globalThis as { __picketCodeRuleLoads?: Load[] }).__picketCodeRuleLoads ??= []);

const MODULE = `
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCodeRule } from 'picket/code-rule';
const file = fileURLToPath(import.meta.url);
const g = globalThis as { __picketCodeRuleLoads?: unknown[] };
(g.__picketCodeRuleLoads ??= []).push({ file, dirMode: fs.statSync(path.dirname(file)).mode & 0o777, fileMode: fs.statSync(file).mode & 0o777 });
export default defineCodeRule({
  name: 'where am I', query: 'category:x', window: '1m', severity: 'INFO', category: 'test', summary: 'x',
  evaluate: () => null,
});
`;

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-code-rules-src-'));
  await fs.writeFile(path.join(dir, 'where.ts'), MODULE);
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('code rule bundles', () => {
  it('are imported from a private 0700 directory with an unpredictable name, removed afterwards', async () => {
    // Two processes (or restarts) loading the same file: neither path can be guessed from the other.
    await new CodeRuleModules(dir).load('where.ts');
    await new CodeRuleModules(dir).load('where.ts');
    // Each load runs the module anew (a reused path would be a cached import, run once).
    expect(loads()).toHaveLength(2);
    const [a, b] = loads();
    expect(a.file).not.toBe(b.file);
    for (const l of [a, b]) {
      const parent = path.dirname(l.file);
      expect(path.dirname(parent)).toBe(os.tmpdir());
      expect(path.basename(parent)).toMatch(/^picket-code-rule-[A-Za-z0-9]{6}$/);
      expect(parent).not.toContain(String(process.pid));
      expect(l.dirMode).toBe(0o700);
      expect(l.fileMode & 0o077).toBe(0);
      await expect(fs.stat(parent)).rejects.toThrow(/ENOENT/);
    }
  });
});

describe('modules shipped with the catalogue', () => {
  it('load when the code rules directory has no such file; a file of the same name there wins', async () => {
    const own = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-code-rules-own-'));
    try {
      const modules = new CodeRuleModules(own);
      expect((await modules.load('mozdef-write-audit.ts')).name).toBe('Writes to auditd configuration');
      await fs.writeFile(
        path.join(own, 'mozdef-write-audit.ts'),
        MODULE.replace("name: 'where am I'", "name: 'my write audit'"),
      );
      expect((await modules.load('mozdef-write-audit.ts')).name).toBe('my write audit');
      await expect(modules.load('mozdef-no-such-rule.ts')).rejects.toThrow(/not found/);
    } finally {
      await fs.rm(own, { recursive: true, force: true });
    }
  });
});
