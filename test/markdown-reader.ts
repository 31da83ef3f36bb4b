// Reading markdown for the docs checks: links, headings, cited paths, and the command blocks tests run.

/** The text with fenced code blocks blanked (links and headings there are examples, not ours). */
function withoutFences(text: string): string {
  let inFence = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return '';
      }
      return inFence ? '' : line;
    })
    .join('\n');
}

/** GitHub's heading ids: lower case, markup and punctuation dropped, spaces to hyphens, repeats suffixed -1, -2. */
export function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Targets of inline links outside code that stay in the repository (no scheme, not mailto). */
export function markdownLinks(text: string): string[] {
  const prose = withoutFences(text).replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1])
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** Repository paths a doc names, in prose or code (test/…, server/…, db/…), each once, sorted; placeholders skipped. */
export function citedPaths(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(
    /(?<![\w./@~-])((?:test|server|db)\/[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.[a-z]{1,4})(?![\w*])/g,
  )) {
    // NNNN stands for a number the reader picks (db/migrations/NNNN_name.sql).
    if (!m[1].includes('NNNN')) found.add(m[1]);
  }
  return [...found].sort();
}

/** The fenced block right under `<!-- run-by: <file> <name> -->`: commands a test runs exactly as documented. */
export function markedBlock(text: string, name: string): string {
  const m = new RegExp(`<!-- run-by: \\S+ ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(text);
  if (!m) throw new Error(`no block marked run-by … ${name}`);
  return m[1];
}

/**
 * Test names a doc quotes right after a test file (`` `test/x.test.ts` ("name", "other …") ``), each
 * with its file; a trailing … marks a name quoted by its beginning and is dropped.
 */
export function citedTestNames(text: string): Array<{ file: string; name: string }> {
  const flat = text.replace(/\s+/g, ' ');
  const out: Array<{ file: string; name: string }> = [];
  for (const m of flat.matchAll(/`((?:test|server)\/[A-Za-z0-9_./-]+\.test\.ts)`[\s(,]*((?:"[^"]+"(?:,\s*)?)+)/g)) {
    for (const q of m[2].matchAll(/"([^"]+)"/g)) out.push({ file: m[1], name: q[1].replace(/,?\s*…$/, '').trim() });
  }
  return out;
}
