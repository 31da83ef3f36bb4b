// json.dumps as Python writes it with its defaults (", " and ": " separators, ensure_ascii), for
// values MozDef's plugins stored as JSON text: a query written against MozDef's data must find
// the same string in Picket's.

function str(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function pythonJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v)
      .map((k) => `${str(k)}: ${pythonJsonDumps((v as Record<string, unknown>)[k])}`)
      .join(', ')}}`;
  }
  return 'null';
}
