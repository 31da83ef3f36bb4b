// The docs cannot rot: every relative link in README.md and docs/*.md reaches a file (and its
// #anchor a heading there), and every repository path a doc cites (test/…, server/…, db/…) exists.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedPaths, citedTestNames, headingAnchors, markdownLinks } from './markdown-reader.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOCS = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
// Made by installs, builds and runs, never committed.
const NOT_IN_GIT = new Set(['node_modules', '.next', '.picket', '.git', 'coverage']);
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('the markdown helpers', () => {
  it('anchors follow GitHub: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
    expect([
      ...headingAnchors('# Scale-out\n## `/api/health`\n## Sigma & co.\n```\n# not a heading\n```\n## Sigma & co.'),
    ]).toEqual(['scale-out', 'apihealth', 'sigma--co', 'sigma--co-1']);
  });
  it('finds links outside code and cited paths everywhere', () => {
    const text =
      'See [a](a.md#x) and [web](https://x.org).\n```\n[no](b.md) server/app.ts\n```\n`test/x.test.ts` and server/http/v1/*-routes.ts';
    expect(markdownLinks(text)).toEqual(['a.md#x']);
    expect(citedPaths(text)).toEqual(['server/app.ts', 'test/x.test.ts']);
  });
  it('finds test names quoted after a test file, by their beginning when cut with …', () => {
    const text =
      'Proven by `test/a.test.ts` ("does one thing", "and another …") and\n`server/b.test.ts`, "third, …"; not "this".';
    expect(citedTestNames(text)).toEqual([
      { file: 'test/a.test.ts', name: 'does one thing' },
      { file: 'test/a.test.ts', name: 'and another' },
      { file: 'server/b.test.ts', name: 'third' },
    ]);
  });
});

describe('README.md and docs/*.md', () => {
  it.each(DOCS)('%s: every relative link resolves, anchors included', (file) => {
    const broken: string[] = [];
    for (const link of markdownLinks(read(file))) {
      const [target, anchor] = link.split('#', 2) as [string, string | undefined];
      const resolved =
        target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(target)));
      if (!fs.existsSync(path.join(ROOT, resolved))) {
        broken.push(`${link}: no ${resolved}`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && !headingAnchors(read(resolved)).has(anchor))
        broken.push(`${link}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });

  it.each(DOCS)('%s: every cited test/ server/ db/ path exists', (file) => {
    const missing = citedPaths(read(file)).filter((p) => !fs.existsSync(path.join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it.each(DOCS)('%s: every test name quoted after a test file is in that file', (file) => {
    const flat = (f: string) => read(f).replace(/\s+/g, ' ');
    const missing = citedTestNames(read(file)).filter(
      ({ file: f, name }) => !fs.existsSync(path.join(ROOT, f)) || !flat(f).includes(name),
    );
    expect(missing).toEqual([]);
  });

  it("the README's layout names every top-level folder and every server/ folder, one line each", () => {
    const layout = read('README.md').slice(read('README.md').indexOf('## Layout'));
    const dirs = (dir: string) =>
      fs
        .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory() && !NOT_IN_GIT.has(d.name))
        .map((d) => `${dir}${d.name}/`);
    const unnamed = [...dirs(''), ...dirs('server/')].filter((d) => !layout.includes(`\n- \`${d}\` — `));
    expect(unnamed).toEqual([]);
  });

  it('the README links every doc', () => {
    const linked = new Set(markdownLinks(read('README.md')).map((l) => l.split('#')[0]));
    expect(DOCS.filter((d) => d !== 'README.md' && !linked.has(d))).toEqual([]);
  });
});
