// A case as a post-incident review document. Everything in a case is user- or attacker-supplied
// text, so the Markdown escapes it: no heading, link, image, HTML or table can be injected.
import { markLabel, RESOLUTION_LABEL } from './case-marks.ts';
import type { CaseDetail } from './case-model.ts';

export interface CaseExport {
  fileName: string;
  contentType: string;
  body: string;
}

const ms = (from: string | null, to: string | null) => (from && to ? Date.parse(to) - Date.parse(from) : null);

/** Time to contain/close from opening, and when each phase began. */
export function caseMetrics(c: CaseDetail) {
  return {
    timeToContainMs: ms(c.openedAt, c.containedAt),
    timeToMitigateMs: ms(c.openedAt, c.mitigatedAt),
    timeToCloseMs: ms(c.openedAt, c.closedAt),
  };
}

export function exportJson(c: CaseDetail, now = new Date()): CaseExport {
  // The marks lead the document so a reader sees them before the content (the case repeats them).
  const doc = {
    tlp: markLabel('TLP', c.tlp),
    pap: markLabel('PAP', c.pap),
    exportedAt: now.toISOString(),
    metrics: caseMetrics(c),
    case: c,
  };
  return {
    fileName: `${c.kind}-${c.id}.json`,
    contentType: 'application/json; charset=utf-8',
    body: `${JSON.stringify(doc, null, 2)}\n`,
  };
}

/**
 * Escapes one line of text for Markdown, only where Markdown (CommonMark + GitHub's extensions) would
 * read syntax, so an IP stays `183.62.140.253` rather than `183\.62\.140\.253`: < > & become
 * entities (no raw HTML), inline syntax characters are backslash-escaped, `@` only where it would
 * mention someone, `_` only where it could open or close emphasis, and block syntax only at the
 * start of the line. case-export.test.ts renders arbitrary text to check none of it becomes markup.
 */
export function mdEscape(text: string): string {
  return (
    text
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Emphasis, code, links/images (an unescaped `[` opens none), tables, strikethrough, math.
      .replace(/[\\`*[\]|~$]/g, (c) => `\\${c}`)
      // Intraword underscores never open emphasis: `svc_backup` stays readable.
      .replace(/_/g, (c, i: number, s: string) =>
        /[\p{L}\p{N}]/u.test(s[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[i + 1] ?? '') ? c : `\\${c}`,
      )
      .replace(/(^|[^\p{L}\p{N}])@/gu, '$1\\@')
      // Headings, list items, setext underlines and thematic breaks begin a line.
      .replace(/^(\s*)([#+\-=])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
  );
}

/** Multi-line user text as one escaped block (hard line breaks, no block syntax). */
function mdBlock(text: string, indent = ''): string {
  const lines = text.split(/\r\n|\r|\n/).map((l) => mdEscape(l.replace(/^\s+/, '')));
  return lines.map((l) => `${indent}${l}`).join('  \n');
}

const code = (s: string) => `\`${s.replace(/`/g, '')}\``;
const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');
const duration = (v: number | null) => {
  if (v === null) return '—';
  const m = Math.round(v / 60_000);
  return m < 60 ? `${m} min` : m < 2880 ? `${(m / 60).toFixed(1)} h` : `${(m / 1440).toFixed(1)} d`;
};

export function exportMarkdown(c: CaseDetail, now = new Date()): CaseExport {
  const title = c.kind === 'incident' ? 'Incident' : 'Investigation';
  const out: string[] = [];
  const metrics = caseMetrics(c);
  out.push(`# ${title}: ${mdEscape(c.summary)}`, '');
  out.push(`**${markLabel('TLP', c.tlp)} · ${markLabel('PAP', c.pap)}**`, '');
  out.push(
    `- Id: ${code(c.id)}`,
    `- Severity: ${c.severity}`,
    `- Phase: ${mdEscape(c.phase)}`,
    `- Owner: ${c.ownerName ? mdEscape(c.ownerName) : '—'}`,
  );
  if (c.resolution)
    out.push(
      `- Resolution: ${RESOLUTION_LABEL[c.resolution]}${c.resolutionSummary ? ` — ${mdEscape(c.resolutionSummary.replace(/\s+/g, ' '))}` : ''}`,
    );
  if (c.alerts.length)
    out.push(
      `- Alerts: ${c.alerts.map((a) => `${mdEscape(a.summary.replace(/\s+/g, ' '))} (${a.status})`).join('; ')}`,
    );
  if (c.contacts.length) out.push(`- Contacts: ${c.contacts.map(mdEscape).join(', ')}`);
  if (c.veris.length) out.push(`- VERIS: ${c.veris.map(mdEscape).join(', ')}`);
  if (c.attack.length) out.push(`- MITRE ATT&amp;CK: ${c.attack.map(code).join(', ')}`);
  if (c.promotedFromId) out.push(`- Promoted from investigation ${code(c.promotedFromId)}`);
  if (c.promotedToId) out.push(`- Promoted to incident ${code(c.promotedToId)}`);
  out.push(`- Exported: ${when(now.toISOString())}`, '');
  if (c.description) out.push('## Description', '', mdBlock(c.description), '');

  out.push('## Dates and phases', '', '| Date | Time |', '|---|---|');
  for (const [label, v] of [
    ['Opened', c.openedAt],
    ['Reported', c.reportedAt],
    ['Verified', c.verifiedAt],
    ['Mitigated', c.mitigatedAt],
    ['Contained', c.containedAt],
    ['Closed', c.closedAt],
  ] as const)
    out.push(`| ${label} | ${when(v)} |`);
  out.push(
    '',
    `Time to contain: ${duration(metrics.timeToContainMs)}; time to close: ${duration(metrics.timeToCloseMs)}.`,
    '',
  );
  out.push('| Phase | Began | By |', '|---|---|---|');
  for (const p of c.phaseHistory) out.push(`| ${mdEscape(p.phase)} | ${when(p.at)} | ${mdEscape(p.actor)} |`);
  out.push('');

  out.push('## Timeline', '');
  if (!c.timeline.length) out.push('No entries.');
  for (const t of c.timeline)
    out.push(
      `- **${when(t.occurredAt)}** (${t.kind}, ${mdEscape(t.author)}, written ${when(t.createdAt)}):  \n${mdBlock(t.text, '  ')}`,
    );
  out.push('');

  out.push('## Evidence', '');
  if (!c.evidence.length) out.push('No evidence.');
  else out.push('| Title | Kind | Marks | Size | SHA-256 | Added by | Added |', '|---|---|---|---|---|---|---|');
  for (const e of c.evidence) {
    const marks = `${markLabel('TLP', e.tlp ?? c.tlp)} ${markLabel('PAP', e.pap ?? c.pap)}`;
    out.push(
      `| ${mdEscape(e.title.replace(/\s+/g, ' '))} | ${e.kind} | ${marks} | ${e.sizeBytes} | ${code(e.sha256)} | ${mdEscape(e.addedBy)} | ${when(e.addedAt)} |`,
    );
  }
  out.push('');

  out.push('## Hypotheses', '');
  if (!c.hypotheses.length) out.push('None.');
  for (const h of c.hypotheses) {
    out.push(`- **${h.status}** (confidence ${h.confidence}%):  \n${mdBlock(h.statement, '  ')}`);
    if (h.supportingEvidence.length) out.push(`  - Supporting evidence: ${h.supportingEvidence.map(code).join(', ')}`);
    if (h.refutingEvidence.length) out.push(`  - Refuting evidence: ${h.refutingEvidence.map(code).join(', ')}`);
    for (const cm of h.comments)
      out.push(`  - ${mdEscape(cm.author)}, ${when(cm.createdAt)}:  \n${mdBlock(cm.text, '    ')}`);
  }
  out.push('');

  out.push('## Indicators', '');
  if (!c.indicators.length) out.push('None.');
  else out.push('| Type | Value | Note |', '|---|---|---|');
  for (const i of c.indicators)
    out.push(`| ${i.type} | ${mdEscape(i.value)} | ${mdEscape(i.note.replace(/\s+/g, ' '))} |`);
  out.push('');

  if (c.tasks.length) {
    out.push('## Tasks', '', '| Task | Status | Due |', '|---|---|---|');
    for (const t of c.tasks) out.push(`| ${mdEscape(t.title.replace(/\s+/g, ' '))} | ${t.status} | ${when(t.dueAt)} |`);
    out.push('');
  }
  if (c.mitigations) out.push('## Mitigations', '', mdBlock(c.mitigations), '');
  if (c.lessonsLearned) out.push('## Lessons learned', '', mdBlock(c.lessonsLearned), '');
  if (c.references.length) out.push('## References', '', ...c.references.map((r) => `- ${mdEscape(r)}`), '');
  return { fileName: `${c.kind}-${c.id}.md`, contentType: 'text/markdown; charset=utf-8', body: out.join('\n') };
}
