// SigmaHQ's public rules as test data: each rule file is taken through Picket's own rule validation
// and compiled for both back ends (matcher and SQL); the result is "loaded" or "refused" with the
// reason its message names. Used by sigmahq-corpus.test.ts and scripts/sigma-coverage.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compileRule } from '../server/alerts/compiled-rule.ts';
import { parseRuleDefinition } from '../server/alerts/rule-definition.ts';
import { compileSigma } from '../server/alerts/sigma/sigma-rule.ts';
import { compileToSql } from '../server/store/query/index.ts';

/** The shared SigmaHQ checkout: a `shared/sigmahq` folder beside the repository or one of its parents. */
export function findSigmaHq(from = path.resolve(import.meta.dirname, '..')): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'sigmahq', 'rules');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

function ymlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.yml'))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

export interface CorpusResult {
  file: string;
  /** `product/service/category` of the (first) rule document, `-` for a key not given. */
  logsource: string;
  ok: boolean;
  message?: string;
  /** For a refusal: the feature its message names, or null when it names none (a defect). */
  reason?: string | null;
  /** Refused for its logsource only: the same rule with the logsource removed, loaded or the reason. */
  withoutLogsource?: { ok: boolean; reason?: string | null; message?: string };
}

/** Refusal message → the feature it names. A message matching none of these is a generic error. */
const REASONS: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/logsource "[^"]*" has no mapping/, () => 'logsource not mapped'],
  [/the placeholder %([^%]+)% in "[^"]*" is not defined/, (m) => `placeholder %${m[1]}% not defined`],
  [/the time modifier \|(\w+)/, (m) => `time modifier |${m[1]}`],
  [/unknown modifier \|(\w+)/, (m) => `unknown modifier |${m[1]}`],
  [/regular expression of "[^"]*" (is not supported|sets flags)/, () => 'regex outside the supported subset'],
  [/inline regex flag/, () => 'regex inline flag'],
  [/\|fieldref on/, () => '|fieldref combination'],
  [/\|(utf16\w*|wide) on/, () => 'utf16 without base64'],
  [/\|cidr on "[^"]*" needs a details field/, () => '|cidr on a column'],
  [/\|(gt|gte|lt|lte) on/, (m) => `|${m[1]} on text`],
  [/\|windash on "[^"]*" has too many/, () => '|windash too many variants'],
  [/cannot be combined with wildcards/, () => '|base64 with wildcards'],
  [/aggregation in the condition/, () => 'deprecated aggregation condition'],
  [/detection timeframe/, () => 'deprecated timeframe'],
  [/"(\d+) of" is not supported/, (m) => `"${m[1]} of" condition`],
  [/lists itself through a chain|list each other in a cycle|do not chain into one/, () => 'correlation chain shape'],
  [/correlation condition "(\w+)"/, (m) => `correlation condition ${m[1]}`],
  [/correlation type "(\w+)"/, (m) => `correlation type ${m[1]}`],
  [/Sigma filters are not supported/, () => 'Sigma filter document'],
  [/"action" \(global\/reset\/repeat\)/, () => 'rule collection (action)'],
];

export function refusalReason(message: string): string | null {
  for (const [re, name] of REASONS) {
    const m = re.exec(message);
    if (m) return name(m);
  }
  return null;
}

function logsourceOf(text: string): string {
  try {
    const doc = parseAllDocuments(text)[0]?.toJS() as { logsource?: Record<string, unknown> } | undefined;
    const ls = doc?.logsource ?? {};
    return ['product', 'service', 'category']
      .map((k) => (typeof ls[k] === 'string' ? (ls[k] as string) : '-'))
      .join('/');
  } catch {
    return '?';
  }
}

export function checkRuleText(file: string, text: string): CorpusResult {
  const logsource = logsourceOf(text);
  const parsed = parseRuleDefinition({ type: 'sigma', yaml: text });
  if (!parsed.ok) {
    const reason = refusalReason(parsed.message);
    if (reason !== 'logsource not mapped') return { file, logsource, ok: false, message: parsed.message, reason };
    // What else the rule would need if Picket mapped its logsource.
    const bare = checkRuleText(file, text.replace(/^logsource:\n(?:[ \t]+.*\n)+/m, ''));
    return {
      file,
      logsource,
      ok: false,
      message: parsed.message,
      reason,
      withoutLogsource: { ok: bare.ok, reason: bare.reason, message: bare.message },
    };
  }
  // Accepted: it must also compile for the stream (matcher) and for rebuilds and back-tests (SQL).
  const compiled = compileRule('00000000-0000-4000-8000-000000000000', 1, parsed.rule);
  compileToSql(compiled.storeQuery);
  compileSigma(text);
  return { file, logsource, ok: true };
}

export function walkCorpus(root: string): CorpusResult[] {
  return ymlFiles(root).map((f) => checkRuleText(path.relative(root, f), readFileSync(f, 'utf8')));
}

/** Markdown: one row per logsource, mapped ones first; refusals counted by reason. */
export function coverageTable(results: CorpusResult[]): string {
  const by = new Map<string, CorpusResult[]>();
  for (const r of results) by.set(r.logsource, [...(by.get(r.logsource) ?? []), r]);
  const rows = [...by.entries()].map(([ls, rs]) => {
    const accepted = rs.filter((r) => r.ok).length;
    const reasons = new Map<string, number>();
    for (const r of rs) if (!r.ok) reasons.set(r.reason ?? 'UNNAMED', (reasons.get(r.reason ?? 'UNNAMED') ?? 0) + 1);
    const unmapped = reasons.get('logsource not mapped') === rs.length;
    return {
      ls,
      total: rs.length,
      accepted,
      unmapped,
      reasons: [...reasons]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} (${n})`)
        .join(', '),
    };
  });
  const mapped = rows.filter((r) => !r.unmapped).sort((a, b) => b.total - a.total);
  const unmapped = rows.filter((r) => r.unmapped);
  const pct = (a: number, t: number) => `${Math.round((100 * a) / t)}%`;
  const lines = [
    '| logsource (product/service/category) | rules | accepted | refused, by reason |',
    '|---|---|---|---|',
  ];
  for (const r of mapped)
    lines.push(`| \`${r.ls}\` | ${r.total} | ${r.accepted} (${pct(r.accepted, r.total)}) | ${r.reasons || '–'} |`);
  const mt = mapped.reduce((n, r) => n + r.total, 0);
  const ma = mapped.reduce((n, r) => n + r.accepted, 0);
  lines.push(`| **mapped logsources** | **${mt}** | **${ma} (${pct(ma, mt)})** | |`);
  const ut = unmapped.reduce((n, r) => n + r.total, 0);
  lines.push(
    `| other logsources (${unmapped.length}: ${unmapped
      .map((r) => r.ls)
      .sort()
      .join(', ')}) | ${ut} | 0 | logsource not mapped (${ut}) |`,
  );
  // If those logsources were mapped: what their detections would need.
  const other = results.filter((r) => r.withoutLogsource);
  const wouldLoad = other.filter((r) => r.withoutLogsource!.ok).length;
  const blockers = new Map<string, number>();
  for (const r of other)
    if (!r.withoutLogsource!.ok)
      blockers.set(
        r.withoutLogsource!.reason ?? 'UNNAMED',
        (blockers.get(r.withoutLogsource!.reason ?? 'UNNAMED') ?? 0) + 1,
      );
  const list = [...blockers]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} (${n})`)
    .join(', ');
  lines.push(
    '',
    `Of the ${other.length} rules on other logsources, ${wouldLoad} (${pct(wouldLoad, Math.max(other.length, 1))}) would load once their logsource is mapped; the rest need: ${list || 'nothing'}.`,
  );
  return lines.join('\n');
}
