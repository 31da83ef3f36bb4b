// str.format as MozDef's plugins used it for summaries: '{field}' and '{field[0]}' placeholders,
// values rendered as Python's str() renders them, so a summary reads the same as in MozDef.

const PLACEHOLDER = /\{([A-Za-z0-9_.]+)(?:\[(\d+)\])?\}/g;

/** Python's str() of a JSON value: True/False/None, lists and dicts in repr form. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v)
      .map((k) => `${pyRepr(k)}: ${pyRepr((v as Record<string, unknown>)[k])}`)
      .join(', ')}}`;
  }
  return String(v);
}

/**
 * Fills placeholders from own properties of `fields`. A missing field renders as '' (MozDef raised
 * KeyError and lost the event's summary; an empty slot keeps the rest readable).
 */
export function pyFormat(template: string, fields: Record<string, unknown>): string {
  return template.replace(PLACEHOLDER, (_m, key: string, index: string | undefined) => {
    let v = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (index !== undefined) v = Array.isArray(v) ? v[Number(index)] : undefined;
    return v === undefined ? '' : pyStr(v);
  });
}
