// Admin plugins from real files in a temp directory: loaded, reloaded after an edit, a throwing one
// isolated, a broken file reported while the others load, ordered among the built-ins, and a reload
// reaching another process through a real Redis bus.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { RedisBus } from '../realtime/redis-bus.ts';
import { PluginHost } from './plugin-host.ts';
import { createDefaultPlugins } from './plugins/index.ts';

const log = pino({ level: 'silent' });
let dir: string;

function event(over: Partial<PicketEvent> = {}): PicketEvent {
  return {
    id: crypto.randomUUID(),
    utctimestamp: '2026-01-01T00:00:00.000Z',
    receivedtimestamp: '2026-01-01T00:00:00.000Z',
    category: 'UNKNOWN',
    source: 'UNKNOWN',
    hostname: 'h',
    processname: 'UNKNOWN',
    processid: 'UNKNOWN',
    severity: 'INFO',
    summary: 's',
    tags: [],
    details: {},
    ...over,
  };
}

const write = (file: string, text: string) => fs.writeFile(path.join(dir, file), text);
const tagger = (name: string, tag: string, priority: number, registration = "['*']") => `
import { definePlugin } from 'picket/plugin';
export default definePlugin({
  name: '${name}', description: 'adds ${tag}', priority: ${priority}, registration: ${registration},
  onEvent(e) { e.tags.push('${tag}'); (e.details.order ??= [] as string[]); (e.details.order as string[]).push('${name}'); return e; },
});
`;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-plugins-test-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('PluginHost with an admin plugins directory', () => {
  it('loads, orders among built-ins, reloads after an edit, isolates a thrower, reports a broken file', async () => {
    await write('a-tag.ts', tagger('tag-a', 'seen-a', 100));
    // Priority 12: between ip-fixup (10) and sshd (15); it sees sshd's fields only if it runs after it.
    await write('early.ts', tagger('early', 'seen-early', 12, "['sshd']"));
    await write(
      'thrower.ts',
      `import { definePlugin } from 'picket/plugin';
export default definePlugin({ name: 'thrower', registration: ['*'], priority: 50, onEvent(e) { e.summary = 'half'; throw new Error('plugin bug ' + e.id); } });`,
    );
    await write(
      'broken.ts',
      `import { definePlugin } from 'picket/plugin';\nexport default definePlugin({ name: 'broken', registration: ['*'], onEvent(e) { return e }`,
    );
    await write('not-defined.ts', `export default { name: 'plain', registration: ['*'], onEvent: (e: unknown) => e };`);
    await write('clash.ts', tagger('sshd', 'x', 1));
    await fs.mkdir(path.join(dir, 'lib'), { recursive: true });
    await write('lib/helper.ts', 'throw new Error("helpers in subfolders are not loaded as plugins");');

    const host = new PluginHost({ builtIns: createDefaultPlugins({ geoip: null }), dir, log, label: 'test' });
    await host.load();
    const s = host.status();
    expect(s.dirExists).toBe(true);
    expect(s.plugins.map((p) => `${p.name}:${p.priority}:${p.origin}`)).toEqual([
      'auditdFixup:2:built-in',
      'zoom_fixup:2:built-in',
      'customDocType:2:built-in',
      'cloudtrail_record:3:built-in',
      'guardDuty:3:built-in',
      'lower_keys:4:built-in',
      'broFixup:5:built-in',
      'sshdFindIP:5:built-in',
      'suricataFixup:5:built-in',
      'squidFixup:5:built-in',
      'rt_flow:5:built-in',
      'snmptt:5:built-in',
      'observium:5:built-in',
      'ldap_fixup:5:built-in',
      'remove_dots:5:built-in',
      'parse_su:5:built-in',
      'stackdriver:5:built-in',
      'ip-fixup:10:built-in',
      'cloudtrail:10:built-in',
      'filterlog:10:built-in',
      'github_webhooks:10:built-in',
      'early:12:admin',
      'sshd:15:built-in',
      'stackdriver_audit:15:built-in',
      'stackdriver_syslog:15:built-in',
      'stackdriver_gceactivity:16:built-in',
      'large_strings:20:built-in',
      'watchlist-tags:30:built-in',
      'thrower:50:admin',
      'tag-a:100:admin',
    ]);
    expect(s.plugins.find((p) => p.name === 'tag-a')).toMatchObject({
      file: 'a-tag.ts',
      description: 'adds seen-a',
      registration: ['*'],
    });
    const errors = Object.fromEntries(s.loadErrors.map((e) => [e.file, e.error]));
    expect(Object.keys(errors).sort()).toEqual(['broken.ts', 'clash.ts', 'not-defined.ts']);
    expect(errors['broken.ts']).toMatch(/^does not compile: .*\(line 2, column \d+\)$/);
    expect(errors['not-defined.ts']).toBe('must default-export definePlugin({...})');
    expect(errors['clash.ts']).toMatch(/"sshd" is already used/);

    const [sshd, other] = host.enricher.enrich([
      event({ processname: 'sshd', summary: 'Accepted publickey for bob from 198.51.100.7 port 22 ssh2' }),
      event({ summary: 'keep me' }),
    ]);
    // The thrower changed nothing and rejected nothing; the plugins after it still ran.
    expect(sshd.summary).toMatch(/^Accepted publickey/);
    expect(other.summary).toBe('keep me');
    expect(sshd.details.order).toEqual(['early', 'tag-a']);
    expect(other.details.order).toEqual(['tag-a']);
    expect(sshd.details.username).toBe('bob');
    const thrower = host.status().plugins.find((p) => p.name === 'thrower')!;
    expect(thrower).toMatchObject({
      calls: 2,
      errors: 2,
      failing: true,
      lastError: { message: `plugin bug ${other.id}`, eventId: other.id },
    });

    // Edit a file, fix the broken one, remove the thrower: a reload picks all of it up.
    await write('a-tag.ts', tagger('tag-a', 'seen-a-v2', 1));
    await write('broken.ts', tagger('broken', 'fixed', 100));
    await fs.rm(path.join(dir, 'thrower.ts'));
    await host.reload();
    const after = host.status();
    expect(after.plugins.map((p) => p.name)).toContain('broken');
    expect(after.plugins.map((p) => p.name)).not.toContain('thrower');
    expect(after.plugins[0]).toMatchObject({ name: 'tag-a', priority: 1, calls: 0 });
    expect(after.loadErrors.map((e) => e.file).sort()).toEqual(['clash.ts', 'not-defined.ts']);
    const [e] = host.enricher.enrich([event()]);
    expect(e.tags).toEqual(['seen-a-v2', 'fixed']);
  });

  it('no directory: only the built-ins, no error', async () => {
    const host = new PluginHost({
      builtIns: createDefaultPlugins({ geoip: null }),
      dir: path.join(dir, 'missing'),
      log,
      label: 'test',
    });
    await host.load();
    expect(host.status()).toMatchObject({ dirExists: false, loadErrors: [] });
    expect(host.status().plugins.every((p) => p.origin === 'built-in')).toBe(true);
  });
});

const redisUrl = inject('redisUrl') || undefined;
describe.runIf(redisUrl)('reload across processes', () => {
  it('a reload on one process (a web process) reloads every other one (the workers) through the bus', async () => {
    const own = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-plugins-bus-'));
    const prefix = `picket-test:${crypto.randomUUID()}`;
    const [busA, busB] = await Promise.all([
      RedisBus.connect({ url: redisUrl!, prefix }),
      RedisBus.connect({ url: redisUrl!, prefix }),
    ]);
    try {
      const web = new PluginHost({ builtIns: [], dir: own, log, label: 'web' });
      const worker = new PluginHost({ builtIns: [], dir: own, log, label: 'worker' });
      web.attach(busA);
      worker.attach(busB);
      await Promise.all([web.load(), worker.load()]);
      expect(worker.status().plugins).toEqual([]);
      await fs.writeFile(path.join(own, 'new.ts'), tagger('new-one', 'n', 5));
      await web.reload();
      await expect.poll(() => worker.status().plugins.map((p) => p.name)).toEqual(['new-one']);
      expect(worker.enricher.enrich([event()])[0].tags).toEqual(['n']);
    } finally {
      await busA.close();
      await busB.close();
      await fs.rm(own, { recursive: true, force: true });
    }
  });
});
