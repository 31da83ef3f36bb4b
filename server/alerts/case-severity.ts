/** Alert severity (syslog levels) → case severity, for escalations from the console and the server. */
export function caseSeverity(severity: string): 'low' | 'medium' | 'high' | 'critical' {
  const s = severity.toUpperCase();
  if (s === 'CRITICAL' || s === 'ALERT' || s === 'EMERGENCY') return 'critical';
  if (s === 'ERROR') return 'high';
  if (s === 'WARNING') return 'medium';
  return 'low';
}
