/** `field:"value"` with quotes and backslashes escaped, so any stored value (attacker text too) becomes an exact clause. */
export function fieldEquals(field: string, value: string): string {
  return `${field}:"${value.replace(/[\\"]/g, '\\$&')}"`;
}
