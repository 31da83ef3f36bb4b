// An event snapshot as a field table. Every key and value is attacker-controlled: text nodes only.

/** Nested objects become dotted paths ("details.sourceipaddress"); arrays of scalars stay one row. */
export function flattenEvent(value: unknown, prefix = '', out: Array<[string, string]> = []): Array<[string, string]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.push([prefix, '{}']);
    for (const [k, v] of entries) flattenEvent(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    value.forEach((v, i) => {
      flattenEvent(v, `${prefix}[${i}]`, out);
    });
  } else {
    out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
  return out;
}

export function EventFields({ event }: { event: Record<string, unknown> }) {
  const rows = flattenEvent(event);
  return (
    <table className="w-full border-collapse text-xs" data-testid="event-fields">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k} className="border-t border-border first:border-t-0 align-top">
            <th scope="row" className="w-1/3 py-0.5 pr-3 text-left font-mono font-normal text-muted">
              {k}
            </th>
            <td className="py-0.5 font-mono break-all whitespace-pre-wrap">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
