// ArcSight Common Event Format, one event a line, for POST /cef:
//   [syslog header] CEF:Version|Vendor|Product|DeviceVersion|SignatureID|Name|Severity|Extension
// Header fields escape `|` and `\`; extension values escape `=`, `\`, and newlines. The result is a
// MozDef-shaped raw event, so normalization and enrichment treat it like JSON from a shipper.
import type { BodyItem } from './parse-body.ts';
import { splitLines } from './parse-body.ts';

const HEADER_FIELDS = [
  'cefVersion',
  'deviceVendor',
  'deviceProduct',
  'deviceVersion',
  'signatureId',
  'name',
  'cefSeverity',
] as const;

/** Does this body look like CEF (rather than JSON)? */
export function looksLikeCef(text: string): boolean {
  const first = text.trimStart().split('\n', 1)[0];
  return !first.startsWith('{') && !first.startsWith('[') && first.includes('CEF:');
}

/** CEF severity 0-10 or its words, in MozDef's severity names. */
function severity(raw: string): string {
  const n = Number(raw);
  const word = raw.trim().toLowerCase();
  if (Number.isFinite(n) && raw.trim() !== '') {
    if (n >= 9) return 'CRITICAL';
    if (n >= 7) return 'ERROR';
    if (n >= 4) return 'WARNING';
    return 'INFO';
  }
  if (word === 'very-high') return 'CRITICAL';
  if (word === 'high') return 'ERROR';
  if (word === 'medium') return 'WARNING';
  return 'INFO';
}

/** Splits the 7 header fields (unescaping `\|` and `\\`); the rest of the line is the extension. */
function header(s: string): { fields: string[]; extension: string } | null {
  const fields: string[] = [];
  let cur = '';
  let i = 0;
  for (; i < s.length && fields.length < 7; i++) {
    const c = s[i];
    if (c === '\\' && (s[i + 1] === '|' || s[i + 1] === '\\')) {
      cur += s[++i];
    } else if (c === '|') {
      fields.push(cur);
      cur = '';
    } else cur += c;
  }
  if (fields.length < 7) return null;
  return { fields, extension: s.slice(i) };
}

/** key=value pairs; a value runs to the next ` key=`, so values may contain spaces. */
function extension(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const keyAt = /(?:^|\s)([A-Za-z0-9_.\-[\]]{1,64})=/g;
  const starts: Array<{ key: string; keyStart: number; valueStart: number }> = [];
  for (let m = keyAt.exec(s); m; m = keyAt.exec(s)) {
    // `\=` inside a value is escaped, never a key boundary.
    if (s[m.index + m[0].length - 2] === '\\') continue;
    starts.push({ key: m[1], keyStart: m.index, valueStart: m.index + m[0].length });
  }
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1].keyStart : s.length;
    const raw = s.slice(starts[k].valueStart, end).trim();
    out.set(
      starts[k].key,
      raw.replace(/\\([\\=nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)),
    );
  }
  return out;
}

export function parseCefLine(line: string): BodyItem {
  const at = line.indexOf('CEF:');
  if (at < 0) return { ok: false, error: 'cef: the line has no "CEF:" header' };
  const prefix = line.slice(0, at).trim();
  const h = header(line.slice(at + 4));
  if (!h) return { ok: false, error: 'cef: a CEF header has 7 fields separated by |' };
  const [, vendor, product, , , name, sev] = h.fields;
  const ext = extension(h.extension);
  const details: Record<string, unknown> = Object.fromEntries(HEADER_FIELDS.map((f, i) => [f, h.fields[i]]));
  // Map → object through Object.fromEntries: extension keys (sender-chosen) stay own data.
  details.extension = Object.fromEntries(ext);
  // The names MozDef's schema and Picket's IP clean-up read.
  const src = ext.get('src') ?? ext.get('c6a2');
  const dst = ext.get('dst') ?? ext.get('c6a3');
  if (src) details.sourceipaddress = src;
  if (dst) details.destinationipaddress = dst;
  if (ext.has('spt')) details.sourceport = ext.get('spt');
  if (ext.has('dpt')) details.destinationport = ext.get('dpt');
  if (ext.has('suser')) details.username = ext.get('suser');
  const event: Record<string, unknown> = {
    summary: name,
    severity: severity(sev),
    category: 'cef',
    source: `${vendor} ${product}`.trim() || 'cef',
    processname: product,
    details,
  };
  const host = ext.get('dvchost') ?? ext.get('shost') ?? ext.get('dvc');
  if (host) event.hostname = host;
  else if (prefix) {
    // A syslog header before CEF: its last word is the sending host.
    const word = prefix.split(/\s+/).at(-1);
    if (word && !word.endsWith(':')) event.hostname = word;
  }
  const rt = ext.get('rt') ?? ext.get('end');
  if (rt) event.timestamp = /^\d+$/.test(rt) ? Number(rt) : rt;
  return { ok: true, value: event };
}

/** One item per non-blank line. */
export function parseCefBody(text: string): BodyItem[] {
  return splitLines(text).map(parseCefLine);
}
